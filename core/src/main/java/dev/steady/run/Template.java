package dev.steady.run;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import dev.steady.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runbook text with {@code {{ host }}}, {@code {{ address }}}, {@code {{ env }}} and {@code {{
 * vars.NAME }}} placeholders. In shell text every value goes in as one single-quoted word, so no
 * value can add a command (invariant 1); a placeholder inside quotes is refused, as the value could
 * escape them.
 *
 * @param source where the text is, e.g. {@code restart.yaml:7: step 1 'start'}, for error messages
 */
record Template(String text, String source, List<String> variables) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Pattern NAME = Pattern.compile("host|address|env|vars\\.[A-Za-z_][A-Za-z0-9_.-]*");

  Template {
    variables = List.copyOf(variables);
  }

  /** Parses {@code text}; {@code shell} says a shell runs it (then placeholders must stand outside quotes). */
  static Template parse(String text, String source, boolean shell) {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (!NAME.matcher(name).matches()) {
        throw SteadyException.badInput(source + ": unknown variable '{{ " + name + " }}'; use {{ host }}, {{ address }}, {{ env }}"
            + " or {{ vars.NAME }} (a variable of the host in the inventory)");
      }
      if (shell && quotedAt(text, m.start())) {
        throw SteadyException.badInput(source + ": '{{ " + name + " }}' stands inside quotes; write it bare, e.g. echo {{ host }}:"
            + " steady quotes every value as one shell word itself");
      }
      names.add(name);
    }
    if (PLACEHOLDER.matcher(text).replaceAll("").contains("{{")) {
      throw SteadyException.badInput(source + ": unclosed or malformed '{{' in '" + HostRunner.oneLine(text) + "'; write {{ vars.NAME }}");
    }
    return new Template(text, source, names);
  }

  /** The text for {@code host}; {@code shell} quotes each value as one word. */
  String render(Host host, boolean shell) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = value(host, m.group(1), shell);
      m.appendReplacement(out, Matcher.quoteReplacement(shell ? Shell.quote(value) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String value(Host host, String name, boolean shell) {
    String value = switch (name) {
      case "host" -> host.name();
      case "address" -> host.address();
      case "env" -> host.env();
      default -> host.vars().get(name.substring("vars.".length()));
    };
    if (value == null) {
      throw SteadyException.badInput(source + ": variable '{{ " + name + " }}' is not defined for host " + host.name()
          + " (" + host.source() + "); define " + name.substring(5) + " in its vars in the inventory, or leave it out of the target");
    }
    if (value.indexOf('\0') >= 0) {
      throw SteadyException.badInput(source + ": variable '{{ " + name + " }}' of host " + host.name() + " holds a NUL character");
    }
    if (!shell && value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw SteadyException.badInput(source + ": variable '{{ " + name + " }}' of host " + host.name() + " holds a space or control"
          + " character, which cannot go into a TCP or HTTP check; fix the variable in the inventory");
    }
    return value;
  }

  /** True when position {@code at} of {@code text} lies inside single or double quotes (sh rules). */
  private static boolean quotedAt(String text, int at) {
    char quote = 0;
    for (int i = 0; i < at; i++) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '\'') {
        i++;
      } else if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
    }
    return quote != 0;
  }
}
