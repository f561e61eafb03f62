package dev.steady.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code steady inventory list|check|pin}. */
@Command(
    name = "inventory",
    description = {"Show the hosts steady may touch, check their identity, pin their host keys.", ""},
    subcommands = {InventoryListCommand.class, InventoryCheckCommand.class, InventoryPinCommand.class})
final class InventoryCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, check or pin");
  }
}
