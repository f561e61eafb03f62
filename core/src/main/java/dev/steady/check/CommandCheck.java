package dev.steady.check;

/** Passes when {@code command}, run through the host's shell, exits 0. */
public record CommandCheck(String command) implements Check {

  public CommandCheck {
    Text.requireCommand(command);
  }

  @Override
  public String describe() {
    return "command `" + Text.printable(command) + "` exits 0";
  }

  @Override
  public String spec() {
    return "cmd:" + command;
  }
}
