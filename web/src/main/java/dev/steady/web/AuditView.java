package dev.steady.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steady.audit.AuditEntry;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An audit entry for people: its JSON data as {@code key: value} lines (text values as they are,
 * lists and objects as compact JSON), long values folded behind a summary, so a timeline wraps
 * inside the page instead of running off it.
 */
final class AuditView {

  /** Values longer than this are folded: the first part shows, the rest opens on click. */
  static final int FOLD = 160;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditView() {}

  /** The entry's data as key/value pairs in stored order; data that is not a JSON object is one pair, "data". */
  static List<Map.Entry<String, String>> pairs(String dataJson) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    JsonNode data;
    try {
      data = JSON.readTree(dataJson == null ? "{}" : dataJson);
    } catch (JsonProcessingException e) {
      pairs.add(new SimpleEntry<>("data", String.valueOf(dataJson)));
      return pairs;
    }
    if (!data.isObject()) {
      pairs.add(new SimpleEntry<>("data", data.toString()));
      return pairs;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      pairs.add(new SimpleEntry<>(f.getKey(), v.isTextual() ? v.asText() : v.toString()));
    }
    return pairs;
  }

  /** The data as a list of {@code key: value} lines, each long value folded. */
  static String data(String dataJson) {
    List<Map.Entry<String, String>> pairs = pairs(dataJson);
    if (pairs.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("<dl class=\"kv\">");
    for (Map.Entry<String, String> p : pairs) {
      b.append("<div><dt>").append(Html.esc(p.getKey())).append(":</dt> <dd>").append(value(p.getValue())).append("</dd></div>");
    }
    return b.append("</dl>").toString();
  }

  private static String value(String v) {
    if (v.length() <= FOLD && v.indexOf('\n') < 0) {
      return Html.esc(v);
    }
    String head = v.lines().findFirst().orElse("");
    head = head.length() > FOLD ? head.substring(0, FOLD) : head;
    return "<details class=\"fold\"><summary>" + Html.esc(head) + "… (" + Html.count(v.length()) + " characters)</summary><pre>"
        + Html.esc(v) + "</pre></details>";
  }

  /** One timeline item: when, what, on which host, by whom, then the data. */
  static String item(AuditEntry e) {
    return "<li><p class=\"head\"><span class=\"when\">" + Html.time(e.at()) + "</span> <strong>" + Html.esc(e.action()) + "</strong> "
        + (e.host() == null ? "" : Html.esc(e.host()) + " ") + "<span class=\"by\">by " + Html.esc(e.actor()) + "</span></p>"
        + data(e.dataJson()) + "</li>";
  }
}
