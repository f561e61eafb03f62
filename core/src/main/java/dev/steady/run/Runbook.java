package dev.steady.run;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A runbook as read from its YAML file: ordered steps ({@code run}, {@code check}, {@code gate})
 * over a target, with rate control. {@link #plan} substitutes the inventory's variables per host,
 * giving the value dry-run shows and the engine runs. Every mistake in the file is a one-line bad
 * input naming file, line and field.
 */
public final class Runbook {

  private final String name;
  private final String file;
  private final String target;
  private final RateControl rate;
  private final List<StepSpec> steps;

  Runbook(String name, String file, String target, RateControl rate, List<StepSpec> steps) {
    this.name = name;
    this.file = file;
    this.target = target;
    this.rate = rate;
    this.steps = List.copyOf(steps);
  }

  /** Reads and checks the runbook at {@code path}. */
  public static Runbook load(Path path) {
    Path fileName = path.getFileName();
    String shown = fileName == null ? path.toString() : fileName.toString();
    try {
      return parse(shown, Files.readString(path));
    } catch (NoSuchFileException e) {
      throw SteadyException.badInput("runbook not found: " + path + "; check the path", e);
    } catch (CharacterCodingException e) {
      throw SteadyException.badInput("cannot read runbook " + path + ": not UTF-8 text; save it as UTF-8", e);
    } catch (IOException e) {
      throw SteadyException.badInput("cannot read runbook " + path + " (" + e.getMessage() + "); check the file", e);
    }
  }

  /** Parses runbook {@code text}; {@code file} is the name errors cite as {@code file:line}. */
  public static Runbook parse(String file, String text) {
    return new RunbookYaml(file, text).read();
  }

  public String name() {
    return name;
  }

  /** The runbook's own target, or null when it has none (the command line must give one). */
  public String target() {
    return target;
  }

  public RateControl rate() {
    return rate;
  }

  /**
   * The runbook made concrete for {@code hosts} (selected from {@code target}, in inventory order):
   * every variable substituted per host; an undefined variable or a check that is not valid once
   * substituted fails here, before anything runs.
   */
  public RunbookPlan plan(String target, List<Host> hosts) {
    if (hosts.isEmpty()) {
      throw SteadyException.badInput(file + ": target '" + target + "' selects no host; check it with `steady inventory list`");
    }
    Map<String, List<PlannedStep>> planned = new LinkedHashMap<>();
    for (Host host : hosts) {
      planned.put(host.name(), steps.stream().map(s -> s.plan(host)).toList());
    }
    return new RunbookPlan(name, file, target, rate, planned);
  }
}
