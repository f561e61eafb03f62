package dev.steady.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code steady store migrate|copy}. */
@Command(
    name = "store",
    description = {
      "Look after the store where runs, plans, leases and the audit log live: bring it to this steady's",
      "schema, or copy it into another database (start alone on SQLite, move the team to PostgreSQL).",
      ""},
    subcommands = {StoreMigrateCommand.class, StoreCopyCommand.class},
    footer = {"", "Store URLs: a file path, sqlite:PATH or jdbc:sqlite:PATH (SQLite);",
        "postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB[?…] or jdbc:postgresql://HOST[:PORT]/DB?user=…&password=… (PostgreSQL)."})
final class StoreCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: migrate or copy");
  }
}
