package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a target into terms as Ansible's split_host_pattern does, and refuses every target Ansible
 * would read otherwise than steady: with a comma, only commas separate terms; without one, a target
 * that is an address with a port ({@code web:22}) is one term, and otherwise colons and whitespace
 * separate terms, keeping {@code [..]} whole. A trailing {@code [..]} is Ansible's subscript ({@code
 * web[0]}, {@code web[-1]}, {@code web[0:2]}, {@code web[1:]}); any other bracket outside a {@code
 * ~regex} is refused rather than read as a character class or a host range.
 */
final class TargetTerms {

  /** How a term combines with the ones before it. */
  enum Op { UNION, INTERSECT, EXCLUDE }

  /**
   * One term: {@code expr} is a name, a glob ({@code *}, {@code ?}) or a {@code ~regex}, and {@code
   * subscript} is null or the hosts to keep of what it matches, Ansible's way: one index ({@code
   * end} null, negative counts from the end) or an inclusive range ({@code end} -1 for open).
   */
  record Term(String text, Op op, String expr, Subscript subscript) {
    boolean isRegex() {
      return expr.startsWith("~");
    }
  }

  /** An inclusive Ansible subscript. */
  record Subscript(int start, Integer end) {}

  private static final Pattern SUBSCRIPT = Pattern.compile("(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]");
  private static final Pattern BALANCED = Pattern.compile("(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*");
  private static final Pattern COLON_TERMS = Pattern.compile("(?:[^\\s:\\[\\]]|\\[[^\\]]*\\])+");

  private TargetTerms() {}

  /** The terms of {@code target}, in order. */
  static List<Term> parse(String target) {
    List<Term> terms = new ArrayList<>();
    for (String raw : split(target)) {
      terms.add(term(raw, target, target.contains(",")));
    }
    return terms;
  }

  private static List<String> split(String target) {
    List<String> raw = new ArrayList<>();
    if (target.contains(",")) {
      for (String part : target.split(",")) {
        if (!part.isBlank()) {
          raw.add(part.strip());
        }
      }
      return raw;
    }
    if (colonOutsideBrackets(target) && AnsibleAddress.isAddress(target)) {
      throw SteadyException.badInput("target '" + target + "' is one address with a port to Ansible, not a list of"
          + " names joined by ':'; separate names with commas (a,b), and name hosts by their inventory name");
    }
    checkBrackets(target, target);
    Matcher m = COLON_TERMS.matcher(target);
    while (m.find()) {
      raw.add(m.group());
    }
    return raw;
  }

  private static Term term(String raw, String target, boolean commas) {
    Op op = raw.startsWith("!") ? Op.EXCLUDE : raw.startsWith("&") ? Op.INTERSECT : Op.UNION;
    String body = op == Op.UNION ? raw : raw.substring(1);
    if (body.isEmpty()) {
      throw SteadyException.badInput("nothing after '" + raw + "' in target '" + target + "'; write the host or group to "
          + (op == Op.EXCLUDE ? "exclude" : "intersect with") + " after it");
    }
    if (body.startsWith("~")) {
      return new Term(raw, op, body, null);
    }
    if (commas && colonOutsideBrackets(body)) {
      throw SteadyException.badInput("target '" + target + "' mixes ',' and ':': with a comma in a target, Ansible reads"
          + " '" + body + "' as one name, not as terms joined by ':'; separate every term with commas");
    }
    checkBrackets(body, target);
    Matcher m = SUBSCRIPT.matcher(body);
    if (!m.matches()) {
      return new Term(raw, op, noClass(body, body, target), null);
    }
    String expr = noClass(m.group(1), body, target);
    if (m.group(2) != null) {
      return new Term(raw, op, expr, new Subscript(Integer.parseInt(m.group(2)), null));
    }
    if (m.group(4).equals("-")) {
      throw SteadyException.badInput("'" + body + "' in target '" + target + "': Ansible reads [" + m.group(3) + "-"
          + m.group(5) + "] as a subscript in a form it has removed; write " + expr + "[" + m.group(3) + ":"
          + m.group(5) + "] for those hosts of " + expr + " (counted from 0, both ends included)");
    }
    int start = Integer.parseInt(m.group(3));
    int end = m.group(5).isEmpty() ? -1 : Integer.parseInt(m.group(5));
    if (end != -1 && end < start) {
      throw SteadyException.badInput("'" + body + "' in target '" + target + "' is a reversed subscript; write "
          + expr + "[" + end + ":" + start + "] (counted from 0, both ends included)");
    }
    return new Term(raw, op, expr, new Subscript(start, end));
  }

  private static String noClass(String expr, String body, String target) {
    if (expr.indexOf('[') >= 0 || expr.indexOf(']') >= 0) {
      throw SteadyException.badInput("'" + body + "' in target '" + target + "' has a [..] character class; steady does not"
          + " take them in targets, since Ansible reads a trailing [..] as a subscript (web[0], web[0:2]) and the two are"
          + " easily confused: write a regular expression instead, e.g. " + regexFor(expr));
    }
    return expr;
  }

  /** The ~regex a glob with classes means, for a suggestion. */
  private static String regexFor(String glob) {
    return "~" + glob.replace("[!", "[^").replace(".", "\\.").replace("*", ".*").replace("?", ".") + "$";
  }

  private static void checkBrackets(String text, String target) {
    if (!BALANCED.matcher(text).matches()) {
      throw SteadyException.badInput("unbalanced [ ] in target '" + target + "'; Ansible would drop the stray bracket"
          + " and read something else: close the subscript (web[0]) or remove the bracket");
    }
  }

  private static boolean colonOutsideBrackets(String text) {
    int depth = 0;
    for (char c : text.toCharArray()) {
      depth += c == '[' ? 1 : c == ']' && depth > 0 ? -1 : 0;
      if (c == ':' && depth == 0) {
        return true;
      }
    }
    return false;
  }
}
