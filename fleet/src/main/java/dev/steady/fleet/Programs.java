package dev.steady.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finding the system programs a fleet starts. */
final class Programs {

  private Programs() {}

  /** The first executable named {@code name} in the usual system directories. */
  static Optional<Path> findExecutable(String name) {
    return Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
