package dev.steady.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code Match} line: every criterion must hold. steady evaluates {@code all}, {@code host},
 * {@code originalhost}, {@code user}, {@code localuser} and {@code canonical}/{@code final} (no
 * canonicalisation pass: canonical never holds, final always does); a block whose other criteria
 * hold but which also needs one steady does not evaluate ({@code exec}, {@code localnetwork},
 * {@code tagged}, …) makes the verdict UNKNOWN, and the host is refused rather than guessed.
 */
final class SshMatch implements SshCondition {

  private record Criterion(String name, boolean negated, SshHostPatterns patterns, String argument) {}

  private final List<Criterion> criteria = new ArrayList<>();

  private SshMatch() {}

  /** Parses the words after {@code Match}; a criterion without its argument is bad input naming the line. */
  static SshMatch parse(List<String> args, SourceText file, int line) {
    SshMatch match = new SshMatch();
    for (int i = 0; i < args.size(); i++) {
      String word = args.get(i);
      boolean negated = word.startsWith("!");
      String name = (negated ? word.substring(1) : word).toLowerCase(Locale.ROOT);
      if (List.of("all", "canonical", "final").contains(name)) {
        match.criteria.add(new Criterion(name, negated, null, null));
        continue;
      }
      if (i + 1 >= args.size()) {
        throw file.error(line, "Match " + word + " needs an argument; fix the ssh config");
      }
      String argument = args.get(++i);
      match.criteria.add(new Criterion(name, negated, new SshHostPatterns(List.of(argument)), argument));
    }
    if (match.criteria.isEmpty()) {
      throw file.error(line, "Match without criteria; write 'Match all' or 'Match host PATTERN'");
    }
    return match;
  }

  @Override
  public Verdict test(Context context) {
    Verdict verdict = Verdict.YES;
    for (Criterion c : criteria) {
      Verdict one = evaluate(c, context);
      if (one == Verdict.UNKNOWN) {
        verdict = Verdict.UNKNOWN;
      } else if ((one == Verdict.YES) == c.negated()) {
        return Verdict.NO;
      }
    }
    return verdict;
  }

  private static Verdict evaluate(Criterion c, Context context) {
    return switch (c.name()) {
      case "all", "final" -> Verdict.YES;
      case "canonical" -> Verdict.NO;
      case "host" -> of(c.patterns().test(context.host()));
      case "originalhost" -> of(c.patterns().test(context.originalHost()));
      case "user" -> of(c.patterns().test(context.user() != null ? context.user() : context.localUser()));
      case "localuser" -> of(c.patterns().test(context.localUser()));
      default -> Verdict.UNKNOWN;
    };
  }

  private static Verdict of(boolean b) {
    return b ? Verdict.YES : Verdict.NO;
  }

  /** The criteria steady did not evaluate, for the refusal. */
  String unevaluated() {
    List<String> names = new ArrayList<>();
    for (Criterion c : criteria) {
      if (!List.of("all", "final", "canonical", "host", "originalhost", "localuser", "user").contains(c.name())) {
        names.add(c.name() + (c.argument() == null ? "" : " " + c.argument()));
      }
    }
    return String.join(", ", names);
  }
}
