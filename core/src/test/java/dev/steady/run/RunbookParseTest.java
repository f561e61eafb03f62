package dev.steady.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runbook files: what they plan per host, and one exact line for every mistake. */
@Timeout(10)
class RunbookParseTest {

  static final String GOOD = """
      name: restart-app
      target: app
      rate: {concurrency: 5, max_errors: 1, order: reverse, batch: 20%, pause_between: 1m30s}
      steps:
        - name: start
          run: systemctl start {{ vars.service }} --on {{ host }}
          unless: "cmd:systemctl is-active -q {{ vars.service }}"
          timeout: 2m
          retries: 1
        - name: healthy
          check: "http://127.0.0.1:{{ vars.port }}/health contains=UP"
          deadline: 2m
        - name: look at the dashboard
          gate: look at the dashboard, then type go
      """;

  static Host host(String name, Map<String, String> vars) {
    return new Host(name, "10.0.0.1", 22, "ops", null, List.of("app"), vars, "production", null, null, "inventory.yaml:3");
  }

  static SteadyException bad(String yaml) {
    try {
      Runbook.parse("rb.yaml", yaml);
    } catch (SteadyException e) {
      assertThat(e.kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
      return e;
    }
    throw new AssertionError("parsed without error:\n" + yaml);
  }

  @Test
  void plan_substitutesEachHostsValues_asSingleQuotedWords() {
    Runbook rb = Runbook.parse("restart.yaml", GOOD);
    RunbookPlan plan = rb.plan("app", List.of(host("app-01", Map.of("service", "x; rm -rf /", "port", "8080"))));

    List<PlannedStep> steps = plan.steps("app-01");
    assertThat(rb.target()).isEqualTo("app");
    assertThat(plan.rate()).isEqualTo(new RateControl(5, 1, true, "20%", java.time.Duration.ofSeconds(90)));
    StepAction.Command start = (StepAction.Command) steps.get(0).action();
    assertThat(start.command()).isEqualTo("systemctl start 'x; rm -rf /' --on 'app-01'");
    assertThat(start.retries()).isEqualTo(1);
    assertThat(start.timeout()).hasMinutes(2);
    assertThat(steps.get(0).conditions().getFirst().check().spec()).isEqualTo("cmd:systemctl is-active -q 'x; rm -rf /'");
    assertThat(((StepAction.Verify) steps.get(1).action()).check().spec()).isEqualTo("http://127.0.0.1:8080/health contains=UP");
    assertThat(steps.get(2).action()).isEqualTo(new StepAction.Gate("look at the dashboard, then type go", "go"));
    assertThat(plan.rowSteps()).containsExactly("start", "healthy");
  }

  @Test
  @SuppressWarnings("unchecked")
  void storedPlan_readsBackEqual_andItsGateTokenIsStable() throws Exception {
    RunbookPlan plan = Runbook.parse("restart.yaml", GOOD).plan("app", List.of(host("app-01", Map.of("service", "a", "port", "1"))));

    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    RunbookPlan back = RunbookPlan.fromMap(json.readValue(json.writeValueAsString(plan.toMap()), Map.class));

    assertThat(back).isEqualTo(plan);
    assertThat(back.gateToken()).isEqualTo(plan.gateToken());
    RunbookPlan other = Runbook.parse("restart.yaml", GOOD).plan("app", List.of(host("app-01", Map.of("service", "b", "port", "1"))));
    assertThat(other.gateToken()).isNotEqualTo(plan.gateToken());
  }

  @Test
  void unknownField_namesFileLineStepAndTheLikelyField() {
    assertThat(bad("steps:\n  - name: a\n    run: true\n  - name: start\n    rn: systemctl start app\n").getMessage())
        .startsWith("rb.yaml:5: step 2 'start': unknown field 'rn' (did you mean 'run'?)");
  }

  @Test
  void missingSteps_isNamed() {
    assertThat(bad("name: x\ntarget: app\n").getMessage()).startsWith("rb.yaml:1: no steps; add a 'steps:' list");
    assertThat(bad("").getMessage()).startsWith("rb.yaml:1: the runbook is empty");
  }

  @Test
  void stepWithTwoOrNoActions_isNamed() {
    assertThat(bad("steps:\n  - name: s\n    run: true\n    check: tcp:80\n").getMessage())
        .isEqualTo("rb.yaml:4: step 1 's': two actions (run and check); a step has exactly one of run, check, gate");
    assertThat(bad("steps:\n  - name: s\n    timeout: 1m\n").getMessage())
        .isEqualTo("rb.yaml:2: step 1 's': no action; a step has exactly one of run, check, gate");
  }

  @Test
  void badCheck_namesFileLineAndSpec() {
    assertThat(bad("steps:\n  - name: up\n    check: tcp:abc\n").getMessage())
        .startsWith("rb.yaml:3: step 1 'up': check 'tcp:abc': port must be a number 1-65535");
    assertThat(bad("steps:\n  - name: up\n    check: {http: 'http://x/', stat: 200}\n").getMessage())
        .startsWith("rb.yaml:3: step 1 'up': check: a check map needs exactly one of cmd, nagios, tcp, http; unknown keys [stat]");
  }

  @Test
  void badDurationAndNumbers_areNamed() {
    assertThat(bad("steps:\n  - name: s\n    run: x\n    timeout: 2 minutes\n").getMessage())
        .isEqualTo("rb.yaml:4: step 1 's': timeout must be a duration such as 30s, 2m, 1h or 1m30s, found '2 minutes'");
    assertThat(bad("rate: {concurency: 2}\nsteps:\n  - run: x\n").getMessage())
        .startsWith("rb.yaml:1: unknown field 'concurency' in rate (did you mean 'concurrency'?)");
    assertThat(bad("steps:\n  - run: x\n    retries: -1\n").getMessage())
        .isEqualTo("rb.yaml:3: step 1: retries must be a whole number from 0 to 100, found '-1'");
  }

  @Test
  void variables_unknownOrQuotedOrUndefined_areNamed() {
    assertThat(bad("steps:\n  - name: s\n    run: echo {{ hots }}\n").getMessage())
        .startsWith("rb.yaml:3: step 1 's': run: unknown variable '{{ hots }}'");
    assertThat(bad("steps:\n  - name: s\n    run: echo \"{{ vars.x }}\"\n").getMessage())
        .startsWith("rb.yaml:3: step 1 's': run: '{{ vars.x }}' stands inside quotes");
    Runbook rb = Runbook.parse("rb.yaml", "steps:\n  - name: s\n    run: systemctl start {{ vars.service }}\n");
    assertThatThrownBy(() -> rb.plan("app", List.of(host("app-01", Map.of()))))
        .hasMessageStartingWith("rb.yaml:3: step 1 's': run: variable '{{ vars.service }}' is not defined for host app-01 (inventory.yaml:3)");
  }

  @Test
  void malformedYamlAndDuplicates_areNamed() {
    assertThat(bad("steps:\n  - name: s\n    run: [x\n").getMessage()).startsWith("rb.yaml:4: malformed YAML");
    assertThat(bad("steps:\n  - name: s\n    run: a\n  - name: s\n    run: b\n").getMessage())
        .startsWith("rb.yaml:4: step 2 has the same name as step 1 ('s')");
    assertThat(bad("steps:\n  - gate: look\n    timeout: 1m\n").getMessage())
        .isEqualTo("rb.yaml:3: step 1: 'timeout' does not go with a gate");
  }
}
