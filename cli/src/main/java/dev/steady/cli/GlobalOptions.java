package dev.steady.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The options every command takes, before or after the command name. */
final class GlobalOptions {

  @Option(names = "--inventory", paramLabel = "FILE|DIR", scope = ScopeType.INHERIT,
      description = "Inventory: steady YAML, an ssh config, or an Ansible inventory as Ansible reads it (INI/YAML file, "
          + "executable dynamic inventory, ansible-inventory JSON, or an inventory directory; group_vars/ and host_vars/ "
          + "beside it are applied). Default $STEADY_INVENTORY, else ./inventory.yaml, else ~/.steady/inventory.yaml.")
  Path inventory;

  @Option(names = "--known-hosts", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Pinned host keys, OpenSSH format. Default $STEADY_KNOWN_HOSTS, else ~/.ssh/known_hosts.")
  Path knownHosts;

  @Option(names = "--ssh-config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "OpenSSH client config whose Host aliases fill in addresses, users, ports and keys. Default ~/.ssh/config.")
  Path sshConfig;

  @Option(names = "--expect-hostname", paramLabel = "TEMPLATE", scope = ScopeType.INHERIT,
      description = "What `hostname` must answer on hosts whose inventory sets no expect_hostname; {name} is the inventory "
          + "name, {short} its first label (e.g. {short} for an ssh config naming hosts by FQDN). Default $STEADY_EXPECT_HOSTNAME, "
          + "else the inventory name (or, for a host named by FQDN, `hostname -f` answering it).")
  String expectHostname;

  @Option(names = "--store", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Where runs, plans, leases and the audit log live: a SQLite file path, sqlite:PATH, jdbc:sqlite:PATH, "
          + "or PostgreSQL for a team: postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB or jdbc:postgresql://…; "
          + "default $STEADY_STORE, else ~/.steady/steady.db.")
  String store;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Machine-readable output on stdout (one JSON document, or JSON lines); everything human goes to stderr.")
  boolean json;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No ANSI colours (also when NO_COLOR is set or stdout is not a terminal).")
  boolean noColor;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show the stack trace of an internal error.")
  boolean stacktrace;
}
