package dev.steady.cleanup;

/**
 * Why a regular file was left out of a listing, in the order find tests the criteria; each has a
 * one-byte code that find prints for every excluded file (a million exclusions cost a megabyte).
 */
enum Exclusion {
  EXCLUDED('x', "matches --exclude"),
  NOT_NAMED('n', "does not match --name"),
  TOO_NEW('y', "newer than --older-than"),
  TOO_OLD('z', "older than --newer-than"),
  TOO_SMALL('s', "smaller than --min-size"),
  TOO_LARGE('b', "larger than --max-size");

  final char code;
  final String reason;

  Exclusion(char code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  static Exclusion of(int code) {
    for (Exclusion e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return null;
  }
}
