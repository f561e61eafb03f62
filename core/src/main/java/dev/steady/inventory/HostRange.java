package dev.steady.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands Ansible host ranges: {@code web-[01:03]}, {@code db-[a:c]}, {@code n[1:9:2]}. */
final class HostRange {

  static final int MAX_HOSTS = 10_000;
  private static final Pattern RANGE = Pattern.compile("\\[([^\\]\\[]*)\\]");

  private HostRange() {}

  /** The host names a pattern stands for; a pattern without brackets is itself. */
  static List<String> expand(String pattern, SourceText file, int line) {
    Matcher m = RANGE.matcher(pattern);
    if (!m.find()) {
      return List.of(pattern);
    }
    List<String> middles = range(m.group(1), pattern, file, line);
    List<String> tails = expand(pattern.substring(m.end()), file, line);
    if ((long) middles.size() * tails.size() > MAX_HOSTS) {
      throw file.error(line, "host range '" + pattern + "' expands to more than " + MAX_HOSTS
          + " hosts; split it or check the bounds");
    }
    List<String> names = new ArrayList<>();
    String head = pattern.substring(0, m.start());
    for (String middle : middles) {
      tails.forEach(tail -> names.add(head + middle + tail));
    }
    return names;
  }

  private static List<String> range(String body, String pattern, SourceText file, int line) {
    String[] parts = body.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw bad(pattern, file, line);
    }
    int step = parts.length == 3 ? number(parts[2], pattern, file, line) : 1;
    if (step < 1) {
      throw bad(pattern, file, line);
    }
    if (isLetter(parts[0]) && isLetter(parts[1])) {
      return letters(parts[0].charAt(0), parts[1].charAt(0), step, pattern, file, line);
    }
    return numbers(parts[0], parts[1], step, pattern, file, line);
  }

  private static boolean isLetter(String s) {
    return s.length() == 1 && Character.isLetter(s.charAt(0));
  }

  private static List<String> letters(char from, char to, int step, String pattern, SourceText file, int line) {
    if (from > to) {
      throw bad(pattern, file, line);
    }
    List<String> out = new ArrayList<>();
    for (int c = from; c <= to; c += step) {
      out.add(String.valueOf((char) c));
    }
    return out;
  }

  private static List<String> numbers(String from, String to, int step, String pattern, SourceText file, int line) {
    int start = from.isEmpty() ? 0 : number(from, pattern, file, line);
    int end = number(to, pattern, file, line);
    if (start > end) {
      throw bad(pattern, file, line);
    }
    if ((end - start) / step + 1 > MAX_HOSTS) {
      throw file.error(line, "host range '" + pattern + "' expands to more than " + MAX_HOSTS
          + " hosts; split it or check the bounds");
    }
    int width = from.length() > 1 && from.startsWith("0") ? from.length() : 0;
    List<String> out = new ArrayList<>();
    for (int i = start; i <= end; i += step) {
      out.add(width > 0 ? String.format("%0" + width + "d", i) : Integer.toString(i));
    }
    return out;
  }

  private static int number(String s, String pattern, SourceText file, int line) {
    if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(pattern, file, line);
    }
    return Integer.parseInt(s);
  }

  private static RuntimeException bad(String pattern, SourceText file, int line) {
    return file.error(line, "malformed host range '" + pattern
        + "'; write it like web-[01:10] or db-[a:c] (start not after end)");
  }
}
