package dev.steady.run;

import dev.steady.check.Check;
import dev.steady.check.Checks;
import dev.steady.inventory.Host;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A runbook check before substitution: a spec string ({@code tcp:{{ vars.port }}}) or a map ({@code
 * {http: URL, status: 200}}). Values go into command checks as quoted shell words and into TCP/HTTP
 * checks as written, where the check's own parser then validates host, port and URL.
 */
record CheckTemplate(Template spec, Map<String, Template> map, String source) {

  static CheckTemplate of(String spec, String source) {
    return validated(new CheckTemplate(Template.parse(spec, source, shell(spec)), null, source));
  }

  static CheckTemplate of(Map<String, String> map, String source) {
    Map<String, Template> fields = new LinkedHashMap<>();
    map.forEach((k, v) -> fields.put(k, Template.parse(v, source, k.equals("cmd") || k.equals("nagios"))));
    return validated(new CheckTemplate(null, fields, source));
  }

  /** Without variables the check is the same on every host: reject a bad one now, before any host is planned. */
  private static CheckTemplate validated(CheckTemplate t) {
    boolean constant = t.spec != null ? t.spec.variables().isEmpty() : t.map.values().stream().allMatch(v -> v.variables().isEmpty());
    if (constant) {
      t.render(null);
    }
    return t;
  }

  /** The check for {@code host}; a bad result is a bad-input failure naming the runbook's file and line. */
  Check render(Host host) {
    if (spec != null) {
      return Checks.fromYaml(host == null ? spec.text() : spec.render(host, shell(spec.text())), source);
    }
    Map<String, String> values = new LinkedHashMap<>();
    map.forEach((k, v) -> values.put(k, host == null ? v.text() : v.render(host, k.equals("cmd") || k.equals("nagios"))));
    return Checks.fromYaml(values, source);
  }

  /** Command checks (cmd:, nagios: or no prefix) run in a shell; tcp: and http(s):// do not. */
  private static boolean shell(String spec) {
    String s = spec.strip().toLowerCase(Locale.ROOT);
    return !(s.startsWith("tcp:") || s.startsWith("http://") || s.startsWith("https://"));
  }
}
