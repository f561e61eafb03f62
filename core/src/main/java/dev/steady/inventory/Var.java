package dev.steady.inventory;

import dev.steady.failure.SteadyException;

/**
 * A variable's value and the line that set it, so a bad value is reported where it was written.
 *
 * @param kind whether the value is plain text, Ansible Vault ciphertext steady cannot read, or
 *     marked {@code !unsafe} (never a template)
 */
record Var(String value, Where where, Kind kind) {

  /** How Ansible would treat the value. */
  enum Kind { PLAIN, VAULTED, UNSAFE }

  static Var of(String value, SourceText file, int line) {
    return new Var(value, new Where(file, line), Kind.PLAIN);
  }

  int line() {
    return where.line();
  }

  SteadyException error(String message) {
    return where.error(message);
  }

  /** True when Ansible would render this value as a Jinja template before using it. */
  boolean isTemplate() {
    return kind == Kind.PLAIN && (value.contains("{{") || value.contains("{%") || value.contains("{#"));
  }

  boolean isVaulted() {
    return kind == Kind.VAULTED;
  }
}
