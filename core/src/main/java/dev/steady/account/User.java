package dev.steady.account;

import java.time.Instant;

/** A console account: its name (also how plans and runs name their author), role and creation time. */
public record User(String name, Role role, Instant createdAt) {}
