package dev.steady.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's test of whether a whole target is one address with an optional port ({@code web:22},
 * {@code [::1]:22}, {@code fe80::1}): such a target is one pattern to Ansible, never a list joined
 * by colons, so steady must not split it.
 */
final class AnsibleAddress {

  private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
  private static final String LABEL = "(?:\\w|" + ALNUM_RANGE + ")(?:[\\w-]|" + ALNUM_RANGE + ")*(?<![_-])";
  private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final String V4 = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|\\[[0-9]+:[0-9]+(?::[0-9]+)?\\])";
  private static final Pattern IPV4 = Pattern.compile("(?:" + V4 + "\\.){3}" + V4);
  private static final String V6 = "(?:[0-9a-f]{1,4}|\\[[0-9a-f]+:[0-9a-f]+(?::[0-9]+)?\\])";
  private static final Pattern IPV6 = Pattern.compile(String.join("|",
      "(?:V:){7}V", "(?:V:){1,6}:", "(?:V:)(?::V){1,6}", "(?:V:){2}(?::V){1,5}", "(?:V:){3}(?::V){1,4}",
      "(?:V:){4}(?::V){1,3}", "(?:V:){5}(?::V){1,2}", "(?:V:){6}(?::V)", ":(?::V){1,6}", "V?::",
      "(?:0:){6}(?:V\\.){3}V", "::(?:ffff:)?(?:V\\.){3}V", "(?:0:){5}ffff:(?:V\\.){3}V").replace("V", V6),
      Pattern.CASE_INSENSITIVE);
  private static final Pattern BRACKETED_PORT = Pattern.compile("\\[(.+)\\]:([0-9]+)");
  private static final Pattern HOST_PORT = Pattern.compile("((?:[^:\\[\\]]|\\[[^\\]]*\\])*):([0-9]+)");

  private AnsibleAddress() {}

  /** True when Ansible's parse_address (ranges allowed) accepts {@code text}. */
  static boolean isAddress(String text) {
    String address = text;
    for (Pattern port : new Pattern[] {BRACKETED_PORT, HOST_PORT}) {
      Matcher m = port.matcher(address);
      if (m.matches()) {
        address = m.group(1);
      }
    }
    return IPV4.matcher(address).matches() || IPV6.matcher(address).matches() || HOSTNAME.matcher(address).matches();
  }
}
