package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates a target with Ansible's semantics: terms joined by {@code :} or {@code ,} are a union;
 * then {@code !x} exclusions and {@code &x} intersections apply in order; a target made only of
 * exclusions and intersections starts from {@code all}.
 */
final class Targets {

  private final List<Host> hosts;
  private final Map<String, List<String>> groups;
  private final String fileName;

  Targets(List<Host> hosts, Map<String, List<String>> groups, String fileName) {
    this.hosts = hosts;
    this.groups = groups;
    this.fileName = fileName;
  }

  List<Host> select(String target) {
    List<String> terms = TargetTerms.split(target == null ? "" : target.strip());
    if (terms.isEmpty()) {
      throw SteadyException.badInput("empty target; name hosts or groups, or `all`");
    }
    terms.stream().filter(t -> t.equals("!") || t.equals("&")).findFirst().ifPresent(t -> {
      throw SteadyException.badInput("nothing after '" + t + "' in target '" + target
          + "'; write the host or group to " + (t.equals("!") ? "exclude" : "intersect with") + " after it");
    });
    Set<String> chosen = new LinkedHashSet<>();
    terms.stream().filter(t -> !isFilter(t)).forEach(t -> chosen.addAll(match(t, target)));
    if (terms.stream().allMatch(Targets::isFilter)) {
      chosen.addAll(match("all", target));
    }
    for (String term : terms.stream().filter(Targets::isFilter).toList()) {
      Set<String> names = match(term.substring(1), target);
      chosen.removeIf(term.startsWith("!") ? names::contains : Predicate.not(names::contains));
    }
    List<Host> selected = hosts.stream().filter(h -> chosen.contains(h.name())).toList();
    if (selected.isEmpty()) {
      throw SteadyException.badInput("target '" + target + "' selects no hosts in " + fileName
          + "; `steady inventory list` shows the hosts and groups");
    }
    return selected;
  }

  private static boolean isFilter(String term) {
    return term.startsWith("!") || term.startsWith("&");
  }

  /** The names of the hosts one term stands for; a term that matches nothing fails. */
  private Set<String> match(String term, String target) {
    Set<String> names = new LinkedHashSet<>();
    if (term.equals("all") || term.equals("*")) {
      hosts.forEach(h -> names.add(h.name()));
      return names;
    }
    Predicate<String> matches = predicate(term, target);
    boolean any = false;
    for (Host h : hosts) {
      if (matches.test(h.name())) {
        names.add(h.name());
        any = true;
      }
    }
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      if (matches.test(g.getKey())) {
        names.addAll(g.getValue());
        any = true;
      }
    }
    if (!any) {
      throw unknown(term, target);
    }
    return names;
  }

  private Predicate<String> predicate(String term, String target) {
    if (term.startsWith("~")) {
      try {
        Pattern regex = Pattern.compile(term.substring(1));
        return name -> regex.matcher(name).lookingAt();
      } catch (PatternSyntaxException e) {
        throw SteadyException.badInput("invalid regular expression '" + term + "' in target '" + target
            + "' (" + e.getDescription() + "); fix the pattern after ~");
      }
    }
    if (Glob.isGlob(term)) {
      Pattern glob = Glob.compile(term, false);
      return name -> glob.matcher(name).matches();
    }
    return term::equals;
  }

  private SteadyException unknown(String term, String target) {
    if (term.startsWith("~") || Glob.isGlob(term)) {
      return SteadyException.badInput("unknown target '" + term + "' in '" + target
          + "': no host or group matches that pattern in " + fileName + "; `steady inventory list` shows them");
    }
    List<String> known = new ArrayList<>();
    hosts.forEach(h -> known.add(h.name()));
    known.addAll(groups.keySet());
    return SteadyException.badInput("unknown target '" + term + "' in '" + target
        + "': no host or group of that name in " + fileName + Spelling.hint(term, known)
        + "; `steady inventory list` shows them");
  }
}
