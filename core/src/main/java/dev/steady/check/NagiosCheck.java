package dev.steady.check;

/**
 * Runs a Nagios plugin: exit 0 (OK) passes; 1 WARNING, 2 CRITICAL, 3 UNKNOWN and anything else
 * fail; the first line of its output, before any {@code |} performance data, is the message.
 */
public record NagiosCheck(String command) implements Check {

  public NagiosCheck {
    Text.requireCommand(command);
  }

  @Override
  public String describe() {
    return "Nagios plugin `" + Text.printable(command) + "` returns OK";
  }

  @Override
  public String spec() {
    return "nagios:" + command;
  }
}
