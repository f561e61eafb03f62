package dev.steady.run;

import dev.steady.failure.SteadyException;
import java.util.function.UnaryOperator;

/**
 * Decides whether a run passes a runbook's gate (a manual pause, e.g. "look at the dashboard, then
 * type go"). A run never passes a gate by default: a gate not confirmed stops the run, resumable.
 */
@FunctionalInterface
public interface Gatekeeper {

  /** Stops the run at every gate (no operator to ask). */
  Gatekeeper NONE = gate -> false;

  /** True when the operator confirmed {@code gate}; called once, when every host finished the steps before it. */
  boolean confirm(StepAction.Gate gate);

  /** Asks through {@code ask} (shows the prompt, returns the typed line); passes only on the gate's exact word. */
  static Gatekeeper typed(UnaryOperator<String> ask) {
    return gate -> {
      String answer = ask.apply(gate.prompt() + " (type '" + gate.word() + "' to continue, anything else stops the run)");
      return answer != null && answer.strip().equals(gate.word());
    };
  }

  /**
   * For scripts: passes every gate of {@code plan} when {@code token} is the plan's gate token, which
   * only the reviewed plan (dry-run) shows; any other token is refused before the run starts.
   */
  static Gatekeeper byToken(RunbookPlan plan, String token) {
    if (token == null || !token.strip().equals(plan.gateToken())) {
      throw SteadyException.refused("--confirm-gates " + (token == null ? "is missing" : "'" + token + "' does not match this plan")
          + ": the runbook has gates and there is no terminal to confirm them; review the plan with --dry-run and pass the"
          + " token it shows (it changes when any command, host or step changes); nothing was started");
    }
    return gate -> true;
  }
}
