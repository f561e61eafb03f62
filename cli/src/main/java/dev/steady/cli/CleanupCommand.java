package dev.steady.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code steady cleanup plan}. */
@Command(name = "cleanup", description = {"Free disk space safely: plan exactly which files go, review, then apply that list.", ""},
    subcommands = {CleanupPlanCommand.class})
final class CleanupCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: plan");
  }
}
