package dev.steady.run;

import dev.steady.failure.SteadyException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads a runbook's YAML as a node tree, so every error names the file, the line and the field. */
final class RunbookYaml {

  private static final List<String> TOP = List.of("name", "target", "rate", "steps", "description");
  private static final List<String> RATE = List.of("concurrency", "max_errors", "order", "batch", "pause_between");
  private static final List<String> STEP = List.of("name", "run", "check", "gate", "cleanup", "word", "only_if", "unless", "verify",
      "timeout", "retries", "deadline", "interval", "concurrency");
  private static final List<String> ACTIONS = List.of("run", "check", "gate", "cleanup");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");
  private static final String STEP_EXAMPLE = "e.g. - {name: start, run: 'systemctl start app'}";

  private final String file;
  private final String text;

  RunbookYaml(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /** One key of a mapping with the line it is on. */
  private record Entry(String key, int line, Node value) {}

  Runbook read() {
    Node root = compose();
    if (isNull(root)) {
      throw error(1, "the runbook is empty; it needs 'steps:', " + STEP_EXAMPLE);
    }
    Map<String, Entry> top = mapping(root, "the runbook", TOP, "at the top level");
    Entry steps = top.get("steps");
    if (steps == null || isNull(steps.value())) {
      throw error(steps == null ? line(root) : steps.line(), "no steps; add a 'steps:' list, " + STEP_EXAMPLE);
    }
    if (!(steps.value() instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw error(steps.line(), "'steps' must be a non-empty list of steps, " + STEP_EXAMPLE);
    }
    String name = top.containsKey("name") ? scalar(top.get("name"), "") : file.replaceFirst("\\.ya?ml$", "");
    String target = top.containsKey("target") ? scalar(top.get("target"), "") : null;
    RateControl rate = top.containsKey("rate") ? rate(top.get("rate")) : new RateControl(20, 0, false, null, Duration.ZERO);
    return new Runbook(name, file, target, rate, steps(list));
  }

  private List<StepSpec> steps(SequenceNode list) {
    List<StepSpec> steps = new ArrayList<>();
    Map<String, Integer> names = new LinkedHashMap<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      StepSpec step = step(i + 1, list.getValue().get(i));
      Integer first = names.putIfAbsent(step.name(), i + 1);
      if (first != null) {
        throw error(line(list.getValue().get(i)), "step " + (i + 1) + " has the same name as step " + first + " ('" + step.name()
            + "'); give each step its own name");
      }
      steps.add(step);
    }
    return steps;
  }

  private StepSpec step(int number, Node node) {
    if (!(node instanceof MappingNode)) {
      throw error(line(node), "step " + number + " must be a mapping (name: …, run: …), found " + kind(node) + "; " + STEP_EXAMPLE);
    }
    Map<String, Entry> f = entries(node, "step " + number);
    String name = f.containsKey("name") ? scalar(f.get("name"), "step " + number + ": ") : "step " + number;
    String where = "step " + number + (f.containsKey("name") ? " '" + name + "'" : "") + ": ";
    for (Entry e : f.values()) {
      if (!STEP.contains(e.key())) {
        throw error(e.line(), where + "unknown field '" + e.key() + "'" + hint(e.key(), STEP) + "; a step has " + String.join(", ", STEP));
      }
    }
    List<Entry> actions = ACTIONS.stream().filter(f::containsKey).map(f::get).toList();
    if (actions.size() != 1) {
      throw error(actions.size() > 1 ? actions.get(1).line() : line(node), where + (actions.isEmpty() ? "no action" : "two actions ("
          + actions.get(0).key() + " and " + actions.get(1).key() + ")") + "; a step has exactly one of run, check, gate");
    }
    Entry action = actions.getFirst();
    if (action.key().equals("cleanup")) {
      throw error(action.line(), where + "'cleanup' steps are not supported yet; plan the cleanup with `steady cleanup plan` and apply it");
    }
    return new StepReader(this, f, where, name).read(action);
  }

  /** Reads one step's fields; {@code where} prefixes its messages. */
  private record StepReader(RunbookYaml yaml, Map<String, Entry> f, String where, String name) {

    StepSpec read(Entry action) {
      String kind = action.key();
      if (kind.equals("gate")) {
        refuse(List.of("only_if", "unless", "verify", "timeout", "retries", "deadline", "interval", "concurrency"), "a gate");
        String prompt = yaml.scalar(action, where);
        String word = f.containsKey("word") ? yaml.scalar(f.get("word"), where) : "go";
        if (prompt.isBlank() || word.isBlank() || word.chars().anyMatch(Character::isWhitespace)) {
          throw yaml.error(action.line(), where + "a gate needs the text to show and a word without spaces to type, e.g. gate: 'look at"
              + " the dashboard, then type go'");
        }
        return new StepSpec(name, src(action), null, null, prompt, word, null, null, null, null, 0, null, null, 0);
      }
      refuse(List.of("word"), "a " + kind + " step");
      if (kind.equals("check")) {
        refuse(List.of("verify"), "a check step (verify goes with run)");
      }
      Template run = kind.equals("run") ? Template.parse(yaml.scalar(action, where), src(action), true) : null;
      CheckTemplate check = kind.equals("check") ? check(action) : null;
      return new StepSpec(name, src(action), run, check, null, null, check(f.get("only_if")), check(f.get("unless")),
          check(f.get("verify")), duration("timeout"), number("retries", 0, 100), duration("deadline"), duration("interval"),
          number("concurrency", 1, 100_000));
    }

    private void refuse(List<String> fields, String what) {
      for (String field : fields) {
        if (f.containsKey(field)) {
          throw yaml.error(f.get(field).line(), where + "'" + field + "' does not go with " + what);
        }
      }
    }

    private String src(Entry e) {
      return yaml.file + ":" + e.line() + ": " + where + e.key();
    }

    private CheckTemplate check(Entry e) {
      if (e == null) {
        return null;
      }
      if (e.value() instanceof MappingNode) {
        Map<String, String> map = new LinkedHashMap<>();
        yaml.entries(e.value(), where + e.key()).values().forEach(x -> map.put(x.key(), yaml.scalar(x, where + e.key() + ".")));
        return CheckTemplate.of(map, src(e));
      }
      return CheckTemplate.of(yaml.scalar(e, where), src(e));
    }

    private Duration duration(String field) {
      return f.containsKey(field) ? yaml.duration(f.get(field), where) : null;
    }

    private int number(String field, int min, int max) {
      return f.containsKey(field) ? yaml.number(f.get(field), where, min, max) : 0;
    }
  }

  private RateControl rate(Entry rate) {
    Map<String, Entry> r = mapping(rate.value(), "rate", RATE, "in rate");
    int concurrency = r.containsKey("concurrency") ? number(r.get("concurrency"), "rate: ", 1, 100_000) : 20;
    int maxErrors = r.containsKey("max_errors") ? number(r.get("max_errors"), "rate: ", 0, 1_000_000) : 0;
    String order = r.containsKey("order") ? scalar(r.get("order"), "rate: ") : "inventory";
    if (!order.equals("inventory") && !order.equals("reverse")) {
      throw error(r.get("order").line(), "rate: order must be inventory or reverse, found '" + order + "'");
    }
    String batch = r.containsKey("batch") ? scalar(r.get("batch"), "rate: ") : null;
    if (batch != null && (!batch.matches("[1-9][0-9]{0,5}%?") || batch.endsWith("%") && Integer.parseInt(batch.replace("%", "")) > 100)) {
      throw error(r.get("batch").line(), "rate: batch must be a number of hosts or a percentage (e.g. 5 or 20%), found '" + batch + "'");
    }
    Duration pause = r.containsKey("pause_between") ? duration(r.get("pause_between"), "rate: ") : Duration.ZERO;
    return new RateControl(concurrency, maxErrors, order.equals("reverse"), batch, pause);
  }

  Duration duration(Entry e, String where) {
    String value = scalar(e, where).strip();
    Matcher m = DURATION.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    if (value.isEmpty() || end != value.length()) {
      throw error(e.line(), where + e.key() + " must be a duration such as 30s, 2m, 1h or 1m30s, found '" + oneLine(value) + "'");
    }
    return total;
  }

  int number(Entry e, String where, int min, int max) {
    String value = scalar(e, where).strip();
    if (!value.matches("[0-9]{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
      throw error(e.line(), where + e.key() + " must be a whole number from " + min + " to " + max + ", found '" + oneLine(value) + "'");
    }
    return Integer.parseInt(value);
  }

  String scalar(Entry e, String where) {
    if (e.value() instanceof ScalarNode s && !isNull(s)) {
      return s.getValue();
    }
    throw error(e.line(), where + e.key() + " must be a single value, found " + kind(e.value()));
  }

  private Map<String, Entry> mapping(Node node, String what, List<String> known, String place) {
    Map<String, Entry> entries = entries(node, what);
    for (Entry e : entries.values()) {
      if (!known.contains(e.key())) {
        throw error(e.line(), "unknown field '" + e.key() + "' " + place + hint(e.key(), known) + "; known fields: " + String.join(", ", known));
      }
    }
    return entries;
  }

  Map<String, Entry> entries(Node node, String what) {
    if (!(node instanceof MappingNode map)) {
      throw error(line(node), what + " must be a mapping (key: value), found " + kind(node));
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key) || isNull(key)) {
        throw error(line(t.getKeyNode()), "keys of " + what + " must be plain names, found " + kind(t.getKeyNode()));
      }
      Entry first = entries.putIfAbsent(key.getValue(), new Entry(key.getValue(), line(key), t.getValueNode()));
      if (first != null) {
        throw error(line(key), what + ": duplicate field '" + key.getValue() + "' (first at line " + first.line() + "); keep one of them");
      }
    }
    return entries;
  }

  private Node compose() {
    try {
      return new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw error(mark == null ? 1 : mark.getLine() + 1, "malformed YAML: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage())
          + "; fix the syntax (indentation, colons, quotes)");
    } catch (YAMLException e) {
      throw error(1, "malformed YAML: " + oneLine(e.getMessage()) + "; fix the syntax");
    }
  }

  SteadyException error(int line, String message) {
    return SteadyException.badInput(file + ":" + line + ": " + message);
  }

  private static int line(Node node) {
    return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  private static boolean isNull(Node node) {
    return node == null || node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String kind(Node node) {
    return node instanceof MappingNode ? "a mapping" : node instanceof SequenceNode ? "a list" : isNull(node) ? "nothing"
        : "'" + oneLine(((ScalarNode) node).getValue()) + "'";
  }

  private static String oneLine(String s) {
    return s == null ? "unknown error" : HostRunner.oneLine(s);
  }

  /** " (did you mean 'x'?)" for a word within a small edit distance of a known one, else "". */
  static String hint(String word, List<String> known) {
    String best = null;
    int bestDistance = Math.max(2, word.length() / 3) + 1;
    for (String k : known) {
      int d = distance(word.toLowerCase(java.util.Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
