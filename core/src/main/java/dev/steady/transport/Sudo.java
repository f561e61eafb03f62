package dev.steady.transport;

import dev.steady.identity.Identity;
import dev.steady.inventory.Become;
import dev.steady.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;

/**
 * How a verified connection's commands act when its host becomes another user: every command runs
 * as {@code sudo -n -u USER -- /bin/sh -c 'COMMAND'}, or, where sudo asks the login user's password,
 * {@code sudo -k -S -p '' -u USER -- …} with the password sent as the first line of its standard input
 * (never on a command line); the command's own input follows it untouched. {@code -k} makes sudo
 * always read that line, so it can never reach the command.
 */
final class Sudo {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final String PROBE = "/bin/sh -c 'exit 0'";

  private final String user;
  private final SudoPassword password;

  private Sudo(String user, SudoPassword password) {
    this.user = user;
    this.password = password;
  }

  /**
   * Asks the host, as the login user, whether sudo lets it act as {@code become}'s user: without a
   * password first, then with {@code password} when one was given. Only the probe runs; on a refusal
   * nothing else runs there.
   *
   * @return the way to act, or the refusal
   */
  static Probed probe(Connection connection, Become become, SudoPassword password) throws IOException {
    Host host = connection.host();
    String as = Shell.quote(become.user());
    CommandResult quiet = connection.run("LC_ALL=C sudo -k -n -u " + as + " -- " + PROBE, PROBE_TIMEOUT, 4096);
    if (quiet.succeeded()) {
      return new Probed.Allowed(new Sudo(become.user(), null));
    }
    String said = said(quiet);
    boolean asksPassword = said.contains("password is required");
    if (!asksPassword) {
      return refused(connection, quiet.exitStatus() != null && quiet.exitStatus() == 127
          ? "sudo is not installed on " + host.name() + ", so " + host.user() + " cannot act as " + become.user() + " there"
          : host.user() + " may not act as " + become.user() + " through sudo on " + host.name() + " (" + said + ")", become);
    }
    if (password == null) {
      return refused(connection, "sudo on " + host.name() + " asks " + host.user() + " for a password to act as " + become.user()
          + " and none was given; pass --ask-become-pass or set STEADY_BECOME_PASSWORD (or give " + host.user()
          + " a NOPASSWD sudo rule)", become);
    }
    CommandResult typed = connection.stream("LC_ALL=C sudo -k -S -p '' -u " + as + " -- " + PROBE, password.line(),
        java.io.OutputStream.nullOutputStream(), PROBE_TIMEOUT, 4096);
    if (typed.succeeded()) {
      return new Probed.Allowed(new Sudo(become.user(), password));
    }
    String answer = said(typed);
    if (!answer.contains("incorrect password") && !answer.contains("no password was provided")) {
      return refused(connection, host.user() + " may not act as " + become.user() + " through sudo on " + host.name() + " (" + answer
          + ")", become); // sudo asks the password before it tells a user outside sudoers so
    }
    return refused(connection, "sudo on " + host.name() + " did not accept the become password of " + host.user() + " to act as "
        + become.user() + " (" + answer + "); check the password and run again", become);
  }

  /** What the probe found: sudo lets the login user act as asked, or it does not. */
  sealed interface Probed {
    record Allowed(Sudo sudo) implements Probed {}

    record Denied(Identity.BecomeRefused refusal) implements Probed {}
  }

  private static Probed refused(Connection connection, String why, Become become) {
    return new Probed.Denied(new Identity.BecomeRefused(connection.host(), connection.keyFingerprint(), why + "; become set by "
        + become.source() + "; nothing ran there"));
  }

  /** What sudo said on stderr, on one line, without its retry prompt and name-resolution warnings. */
  private static String said(CommandResult result) {
    String text = result.stderr().text().lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.equals("Sorry, try again.") && !l.contains("unable to resolve host"))
        .reduce((a, b) -> a + "; " + b).orElse("exit " + result.exitStatus());
    return HostProof.visible(text.length() > 300 ? text.substring(0, 300) + "…" : text);
  }

  /** {@code command} as it runs under sudo. */
  String wrap(String command) {
    String as = Shell.quote(user);
    String sudo = password == null ? "sudo -n -u " + as : "sudo -k -S -p '' -u " + as;
    return sudo + " -- /bin/sh -c " + Shell.quote(command);
  }

  /** What the command reads: the password line first when sudo asks for one, then {@code stdin} (null: nothing). */
  InputStream stdin(InputStream stdin) {
    if (password == null) {
      return stdin;
    }
    return stdin == null ? password.line() : new SequenceInputStream(password.line(), stdin);
  }

  /** For the audit and messages: {@code root via sudo}. */
  String describe() {
    return user + " via sudo" + (password == null ? "" : " (password)");
  }
}
