package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.TargetTerms.Op;
import dev.steady.inventory.TargetTerms.Subscript;
import dev.steady.inventory.TargetTerms.Term;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates a target with Ansible's semantics: the union of its plain terms (or {@code all} when it
 * has none), intersected with each {@code &x}, less each {@code !x}. A term that is exactly a host's
 * name is that host; otherwise it selects every group it matches (the implicit {@code all} and
 * {@code ungrouped} included) and, when no group matched or it is a glob or {@code ~regex}, the
 * hosts it matches; a subscript then keeps some of them, counted in Ansible's order. Results are in
 * inventory order. What Ansible would read otherwise, or in an order it does not define, is refused.
 */
final class Targets {

  private static final Set<String> LOCALHOST = Set.of("localhost", "127.0.0.1", "::1");

  private final List<Host> hosts;
  private final List<String> names;
  private final GroupTree tree;
  private final String fileName;

  Targets(List<Host> hosts, GroupTree tree, String fileName) {
    this.hosts = hosts;
    this.names = hosts.stream().map(Host::name).toList();
    this.tree = tree;
    this.fileName = fileName;
  }

  List<Host> select(String target) {
    String text = target == null ? "" : target.strip();
    List<Term> terms = TargetTerms.parse(text);
    if (terms.isEmpty()) {
      throw SteadyException.badInput("empty target; name hosts or groups, or `all`");
    }
    List<Term> plain = terms.stream().filter(t -> t.op() == Op.UNION).toList();
    Set<String> chosen = new LinkedHashSet<>();
    if (plain.isEmpty()) {
      chosen.addAll(match(new Term(GroupTree.ALL, Op.UNION, GroupTree.ALL, null), text));
    }
    plain.forEach(t -> chosen.addAll(match(t, text)));
    terms.stream().filter(t -> t.op() == Op.INTERSECT).forEach(t -> chosen.retainAll(match(t, text)));
    terms.stream().filter(t -> t.op() == Op.EXCLUDE).forEach(t -> chosen.removeAll(match(t, text)));
    List<Host> selected = hosts.stream().filter(h -> chosen.contains(h.name())).toList();
    if (selected.isEmpty()) {
      throw SteadyException.badInput("target '" + text + "' selects no hosts in " + fileName
          + "; `steady inventory list` shows the hosts and groups");
    }
    return selected;
  }

  /** The names of the hosts one term stands for; a term that matches nothing fails. */
  private Set<String> match(Term term, String target) {
    if (term.op() == Op.UNION && term.subscript() == null && names.contains(term.expr())) {
      return Set.of(term.expr());
    }
    Predicate<String> matches = predicate(term, target);
    List<String> groups = tree.names().stream().filter(matches).toList();
    refuseImplicitGroups(term, groups, matches, target);
    boolean wild = term.isRegex() || term.expr().chars().anyMatch(c -> c == '*' || c == '?' || c == '.');
    List<String> hostMatches = groups.isEmpty() || wild ? names.stream().filter(matches).toList() : List.of();
    if (term.subscript() != null) {
      return subscript(term, groups, hostMatches, target);
    }
    if (groups.isEmpty() && hostMatches.isEmpty()) {
      throw unknown(term, target);
    }
    Set<String> found = new LinkedHashSet<>();
    groups.forEach(g -> found.addAll(tree.hostsOf(g)));
    found.addAll(hostMatches);
    return found;
  }

  private Predicate<String> predicate(Term term, String target) {
    String expr = term.expr();
    if (term.isRegex()) {
      try {
        Pattern regex = Pattern.compile(expr.substring(1));
        return name -> regex.matcher(name).lookingAt();
      } catch (PatternSyntaxException e) {
        throw SteadyException.badInput("invalid regular expression '" + expr + "' in target '" + target + "' ("
            + e.getDescription() + "); fix the pattern after ~");
      }
    }
    if (Glob.isGlob(expr)) {
      Pattern glob = Glob.compile(expr, false);
      return name -> glob.matcher(name).matches();
    }
    return expr::equals;
  }

  /**
   * A glob or regex that matches the name {@code all} or {@code ungrouped} selects that whole group
   * in Ansible ({@code a*} is every host): refused when that adds hosts the pattern does not name.
   */
  private void refuseImplicitGroups(Term term, List<String> groups, Predicate<String> matches, String target) {
    if (!term.isRegex() && !Glob.isGlob(term.expr())) {
      return;
    }
    for (String implicit : List.of(GroupTree.ALL, GroupTree.UNGROUPED)) {
      List<String> extra = groups.contains(implicit)
          ? tree.hostsOf(implicit).stream().filter(matches.negate()).toList() : List.of();
      if (!extra.isEmpty()) {
        throw SteadyException.badInput("'" + term.expr() + "' in target '" + target + "' also matches the name of"
            + " Ansible's implicit group '" + implicit + "', so Ansible would select its hosts too (" + sample(extra)
            + "); write `" + implicit + "` if you mean them, or a pattern that does not match '" + implicit + "'");
      }
    }
  }

  private Set<String> subscript(Term term, List<String> groups, List<String> hostMatches, String target) {
    String expr = term.expr();
    List<String> order;
    if (groups.size() == 1 && hostMatches.isEmpty()) {
      Optional<List<String>> ordered = tree.orderedHostsOf(groups.get(0));
      order = ordered.orElseThrow(() -> SteadyException.badInput("'" + term.text() + "' in target '" + target
          + "': Ansible counts the hosts of " + expr + " in an order it does not define (they come from groups nested"
          + " two levels or more below it); name the hosts, or subscript one of its child groups"));
    } else if (groups.isEmpty() && !hostMatches.isEmpty()) {
      order = hostMatches;
    } else if (groups.isEmpty()) {
      throw SteadyException.badInput("'" + term.text() + "' in target '" + target + "' selects nothing: Ansible reads"
          + " the trailing [..] as a subscript of a group or host named '" + expr + "', and " + fileName + " has none;"
          + " a subscript is not a host range: name the hosts (a,b,c) or use a regex such as ~" + expr + "[0-9]+$");
    } else {
      throw SteadyException.badInput("'" + term.text() + "' in target '" + target + "': " + expr + " matches "
          + sample(combined(groups, hostMatches)) + ", and Ansible numbers their hosts in an order steady does not"
          + " reproduce; subscript a single group, e.g. " + groups.get(0) + subscriptText(term.subscript()));
    }
    List<String> picked = apply(term.subscript(), order);
    if (picked.isEmpty()) {
      throw SteadyException.badInput("'" + term.text() + "' in target '" + target + "' selects nothing: " + expr + " has "
          + order.size() + (order.size() == 1 ? " host" : " hosts") + ", numbered from 0 in Ansible's order (" + sample(order)
          + "); pick an index below " + order.size());
    }
    return new LinkedHashSet<>(picked);
  }

  /** Python's indexing and Ansible's inclusive slices; an index out of range picks nothing. */
  private static List<String> apply(Subscript s, List<String> order) {
    int n = order.size();
    if (s.end() == null) {
      int i = s.start() < 0 ? n + s.start() : s.start();
      return i >= 0 && i < n ? List.of(order.get(i)) : List.of();
    }
    int end = s.end() == -1 ? n - 1 : s.end();
    return order.subList(Math.min(s.start(), n), Math.min(end + 1, n));
  }

  private static String subscriptText(Subscript s) {
    return "[" + s.start() + (s.end() == null ? "" : ":" + (s.end() == -1 ? "" : s.end())) + "]";
  }

  private static List<String> combined(List<String> groups, List<String> hostMatches) {
    List<String> all = new ArrayList<>();
    groups.forEach(g -> all.add("group " + g));
    hostMatches.forEach(h -> all.add("host " + h));
    return all;
  }

  private static String sample(List<String> items) {
    return items.size() <= 5 ? String.join(", ", items) : String.join(", ", items.subList(0, 5)) + ", …";
  }

  private SteadyException unknown(Term term, String target) {
    String expr = term.expr();
    if (term.isRegex() || Glob.isGlob(expr)) {
      return SteadyException.badInput("unknown target '" + expr + "' in '" + target
          + "': no host or group matches that pattern in " + fileName + "; `steady inventory list` shows them");
    }
    List<String> known = new ArrayList<>(names);
    known.addAll(tree.names());
    String local = LOCALHOST.contains(expr) ? "; Ansible's implicit localhost is not implied: add it to the inventory"
        + " with ansible_connection=local" : "";
    return SteadyException.badInput("unknown target '" + expr + "' in '" + target
        + "': no host or group of that name in " + fileName + Spelling.hint(expr, known) + local
        + "; `steady inventory list` shows them");
  }
}
