package dev.steady.inventory;

/** A variable's value and the line that set it, so a bad value is reported where it was written. */
record Var(String value, int line) {}
