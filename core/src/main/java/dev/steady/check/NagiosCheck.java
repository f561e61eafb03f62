package dev.steady.check;

import java.util.regex.Pattern;

/**
 * Runs a Nagios plugin: exit 0 (OK) passes, and 1 (WARNING) too when {@code warningOk}; 2 CRITICAL,
 * 3 UNKNOWN and anything else fail, and UNKNOWN (a plugin that cannot judge: bad arguments, no
 * permission), 126 and 127 (not executable, not found) end a wait at once instead of retrying to the
 * deadline. The first line of its output, before any {@code |} performance data, is the message.
 * A plugin named bare ({@code check_procs -C nginx}) is looked up where distributions install
 * plugins ({@link #PLUGIN_DIRS}), then on PATH.
 */
public record NagiosCheck(String command, boolean warningOk) implements Check {

  /** Where Debian/Ubuntu, RHEL and source installs put Nagios plugins, searched in this order. */
  public static final String PLUGIN_DIRS = "/usr/lib/nagios/plugins /usr/lib64/nagios/plugins /usr/local/nagios/libexec";

  private static final Pattern BARE = Pattern.compile("([A-Za-z0-9_.+-]+)(\\s.*)?", Pattern.DOTALL);

  public NagiosCheck {
    Text.requireCommand(command);
  }

  public NagiosCheck(String command) {
    this(command, false);
  }

  @Override
  public String describe() {
    return "Nagios plugin `" + Text.printable(command) + "` returns OK" + (warningOk ? " or WARNING" : "");
  }

  @Override
  public String spec() {
    return (warningOk ? "nagios-warning-ok:" : "nagios:") + command;
  }

  /**
   * The plugin's name when the check is one plain plugin call given by bare name (no path, no shell
   * lists, pipes, redirections or substitutions), else null: a longer command line runs as written.
   */
  String bareName() {
    var m = BARE.matcher(command.strip());
    return m.matches() && !SHELL.matcher(command).find() ? m.group(1) : null;
  }

  private static final Pattern SHELL = Pattern.compile("[;&|<>`$()\\n]");

  /** The command line that runs it: a bare plugin is found first in {@link #PLUGIN_DIRS}, then on PATH. */
  String commandLine() {
    String name = bareName();
    if (name == null) {
      return command;
    }
    String rest = command.strip().substring(name.length());
    return "for d in " + PLUGIN_DIRS + "; do if [ -x \"$d/" + name + "\" ]; then exec \"$d/" + name + "\"" + rest + "; fi; done;"
        + " if command -v '" + name + "' >/dev/null 2>&1; then exec " + command.strip() + "; fi;"
        + " echo 'steady: Nagios plugin " + name + " is not in " + PLUGIN_DIRS.replace(" ", ", ") + " nor on PATH on this host' >&2;"
        + " exit 127";
  }
}
