package dev.steady.check;

/**
 * A verification steady runs on a host to decide whether it is healthy; only a passed check lets a
 * row count towards the all-clear (invariant 8).
 */
public sealed interface Check permits CommandCheck, NagiosCheck, TcpCheck, HttpCheck {

  /** One printable line saying what passes, e.g. {@code TCP 127.0.0.1:8080 accepts connections}. */
  String describe();

  /** The text {@link Checks#parse} turns back into this check (for storing and showing it). */
  String spec();
}
