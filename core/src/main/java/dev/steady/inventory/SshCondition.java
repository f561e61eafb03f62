package dev.steady.inventory;

/**
 * When the lines of a {@code Host} or {@code Match} block apply, judged while the config is read
 * for one host, as {@code ssh} judges it: {@code Host} patterns against the name as typed, {@code
 * Match host} against the host name set so far.
 */
@FunctionalInterface
interface SshCondition {

  SshCondition ALWAYS = context -> Verdict.YES;
  SshCondition NEVER = context -> Verdict.NO;

  /** Applies, does not apply, or steady cannot tell (a Match criterion it does not evaluate). */
  enum Verdict {
    YES,
    NO,
    UNKNOWN
  }

  /**
   * What is known while reading the config for one host.
   *
   * @param originalHost the name as typed ({@code ssh NAME})
   * @param host the host name after the HostName lines read so far
   * @param user the remote user set so far, or null
   * @param localUser who runs steady
   */
  record Context(String originalHost, String host, String user, String localUser) {}

  Verdict test(Context context);

  default SshCondition and(SshCondition other) {
    return context -> {
      Verdict a = test(context);
      if (a == Verdict.NO) {
        return Verdict.NO;
      }
      Verdict b = other.test(context);
      return b == Verdict.NO ? Verdict.NO : a == Verdict.UNKNOWN || b == Verdict.UNKNOWN ? Verdict.UNKNOWN : Verdict.YES;
    };
  }
}
