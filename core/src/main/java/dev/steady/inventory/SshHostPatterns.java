package dev.steady.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The patterns of one {@code Host} line: matches when some pattern matches and no {@code !}negated
 * one does, ignoring case, as OpenSSH does.
 */
final class SshHostPatterns implements SshCondition {

  private final List<Pattern> positive = new ArrayList<>();
  private final List<Pattern> negative = new ArrayList<>();

  SshHostPatterns(List<String> args) {
    for (String arg : args) {
      for (String pattern : arg.split(",")) {
        add(pattern);
      }
    }
  }

  private void add(String pattern) {
    if (pattern.isEmpty()) {
      return;
    }
    boolean negated = pattern.startsWith("!");
    String body = negated ? pattern.substring(1) : pattern;
    (negated ? negative : positive).add(Pattern.compile(wildcards(body.toLowerCase(Locale.ROOT))));
  }

  /** OpenSSH patterns know only {@code *} and {@code ?}. */
  private static String wildcards(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return regex.toString();
  }

  static boolean isLiteral(String pattern) {
    return !pattern.isEmpty() && !pattern.startsWith("!") && pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
  }

  /** A {@code Host} line matches the name as typed on the command line. */
  @Override
  public Verdict test(Context context) {
    return test(context.originalHost()) ? Verdict.YES : Verdict.NO;
  }

  /** True when {@code alias} matches a pattern and no negated one, ignoring case. */
  boolean test(String alias) {
    String host = alias.toLowerCase(Locale.ROOT);
    if (negative.stream().anyMatch(p -> p.matcher(host).matches())) {
      return false;
    }
    return positive.stream().anyMatch(p -> p.matcher(host).matches());
  }
}
