package dev.steady.cli;

import dev.steady.failure.SteadyException;
import dev.steady.inventory.Become;
import dev.steady.inventory.Host;
import dev.steady.transport.SudoPassword;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --become}, {@code --become-user USER}, {@code --ask-become-pass}: the commands that act on hosts share them. */
final class BecomeOptions {

  static final BecomeOptions NONE = new BecomeOptions();
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*[$]?|#[0-9]+");

  @Option(names = "--become", description = "Log in as yourself, act as root (or each host's become_user) through sudo: every"
      + " command and check runs as `sudo -n -u USER -- /bin/sh -c CMD`; the identity check still runs as you. A host where"
      + " sudo refuses, or asks a password that was not given, is REFUSED and nothing runs there. As become: true in the"
      + " inventory.")
  boolean become;

  @Option(names = "--become-user", paramLabel = "USER", description = "Act as USER instead of root (implies --become).")
  String user;

  @Option(names = "--ask-become-pass", description = "Ask once, without echo, for your sudo password (or set"
      + " STEADY_BECOME_PASSWORD); it reaches sudo on its stdin only, never a command line, a log or the audit.")
  boolean askPass;

  /** {@code hosts} as this command acts on them: escalated when asked, else as the inventory says. */
  List<Host> apply(List<Host> hosts) {
    return hosts.stream().map(this::apply).toList();
  }

  /** For services that look hosts up by name (apply, resume). */
  Optional<Host> apply(Optional<Host> host) {
    return host.map(this::apply);
  }

  Host apply(Host host) {
    if (!become && user == null) {
      return host;
    }
    if (user != null && !USER.matcher(user).matches()) {
      throw SteadyException.badInput("--become-user must be a user name (letters, digits, . _ -), found '" + user + "'");
    }
    Become inventory = host.become();
    String as = user != null ? user : inventory != null ? inventory.user() : "root";
    return host.withBecome(new Become(as, inventory != null ? inventory.method() : Become.SUDO, user != null ? "--become-user" : "--become"));
  }

  /** The become password: typed now with {@code --ask-become-pass}, else {@code fromEnvironment} (STEADY_BECOME_PASSWORD, or null). */
  SudoPassword password(SudoPassword fromEnvironment) {
    if (!askPass) {
      return fromEnvironment;
    }
    if (!Terminal.interactive()) {
      throw SteadyException.badInput("--ask-become-pass needs a terminal to type the password on; without one, set"
          + " STEADY_BECOME_PASSWORD (never put a password on the command line)");
    }
    char[] typed = System.console().readPassword("BECOME password: ");
    if (typed == null) {
      throw SteadyException.badInput("no become password was typed; nothing was run");
    }
    try {
      return SudoPassword.of(typed, "--ask-become-pass");
    } finally {
      Arrays.fill(typed, '\0');
    }
  }
}
