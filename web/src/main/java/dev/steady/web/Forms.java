package dev.steady.web;

import dev.steady.failure.SteadyException;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The start forms' fields, each labelled with the command-line flag it stands for, and the reading
 * of what was typed: text as typed, numbers as whole numbers, or bad input naming the flag. Every
 * meaning (durations, sizes, checks, targets, criteria) is read by core.
 */
final class Forms {

  private Forms() {}

  /** A labelled text field; {@code flag} is what the CLI calls it, shown beside the label. */
  static String field(String name, String label, String flag, String value, String hint, boolean required) {
    return field(name, label, flag, value, hint, required, null);
  }

  /** A text field offering the suggestions of the datalist {@code list} while typing. */
  static String field(String name, String label, String flag, String value, String hint, boolean required, String list) {
    return "<div class=\"field\"><label for=\"" + name + "\">" + Html.esc(label) + " <code class=\"flag\">" + Html.esc(flag) + "</code></label>"
        + "<input id=\"" + name + "\" name=\"" + name + "\" value=\"" + Html.esc(value) + "\" autocomplete=\"off\" spellcheck=\"false\""
        + (required ? " required" : "") + (list == null ? "" : " list=\"" + list + "\"") + (hint == null ? "" : " aria-describedby=\"" + name + "-hint\"") + ">"
        + (hint == null ? "" : "<span class=\"hint\" id=\"" + name + "-hint\">" + Html.esc(hint) + "</span>") + "</div>";
  }

  static String checkbox(String name, String label, String flag, boolean checked) {
    return "<div class=\"field check\"><input type=\"checkbox\" id=\"" + name + "\" name=\"" + name + "\" value=\"on\"" + (checked ? " checked" : "")
        + "><label for=\"" + name + "\">" + Html.esc(label) + " <code class=\"flag\">" + Html.esc(flag) + "</code></label></div>";
  }

  /** What was typed in {@code name}, stripped; {@code otherwise} when the field is absent. */
  static String text(Context ctx, String name, String otherwise) {
    String v = ctx.formParam(name);
    return v == null ? otherwise : v.strip();
  }

  static boolean checked(Context ctx, String name) {
    return "on".equals(ctx.formParam(name));
  }

  /** Empty when blank; else the whole number, or bad input naming {@code flag}. */
  static Optional<Long> number(String text, String flag) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      throw SteadyException.badInput(flag + ": '" + text + "' is not a whole number");
    }
  }

  static int integer(String text, String flag) {
    long n = number(text, flag).orElseThrow(() -> SteadyException.badInput(flag + " is empty; give a whole number"));
    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
      throw SteadyException.badInput(flag + ": '" + text + "' is too large");
    }
    return (int) n;
  }

  /** Several globs in one field, separated by spaces, as several {@code --name} flags would give them. */
  static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.stream(text.strip().split("\\s+")).toList();
  }

  /** A refusal or bad input as the CLI prints it: one line. */
  static String oneLine(SteadyException e) {
    return String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** 409 for what a guard refused, 400 for bad input, as the CLI's exit statuses 3 and 2. */
  static int status(SteadyException e) {
    return e.kind() == SteadyException.Kind.REFUSED ? 409 : 400;
  }
}
