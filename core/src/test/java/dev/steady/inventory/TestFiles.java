package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;

/** Writes test inventories and checks the one-line bad-input errors they cause. */
final class TestFiles {

  private TestFiles() {}

  static Path write(Path dir, String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads an inventory with no ssh config. */
  static Inventory load(Path dir, String name, String text) {
    return Inventory.load(write(dir, name, text), null);
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertBadInput(Runnable action, String message) {
    return Assertions.assertThatThrownBy(action::run)
        .isInstanceOf(SteadyException.class)
        .hasMessage(message)
        .satisfies(e -> Assertions.assertThat(((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.BAD_INPUT));
  }
}
