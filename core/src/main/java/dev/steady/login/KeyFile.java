package dev.steady.login;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One identity file a host's login may use, and where it was named.
 *
 * @param setAt where it was set, for messages ({@code identity_file of web-01, inventory.yaml:4},
 *     {@code IdentityFile, ssh config /home/u/.ssh/config:7}, or ssh's default)
 * @param configured true when the inventory or the ssh config named it; false for ssh's defaults,
 *     which are tried when they exist and skipped silently when not
 */
record KeyFile(Path path, String setAt, boolean configured) {

  /** {@code KEY.pub}, where ssh-keygen writes the public half. */
  Path publicFile() {
    return Path.of(path + ".pub");
  }

  /** {@code KEY-cert.pub}, where ssh looks for the key's certificate. */
  Path certificateFile() {
    return Path.of(path + "-cert.pub");
  }

  /** The private key or its public half is there. */
  boolean exists() {
    return Files.exists(path) || Files.exists(publicFile());
  }

  /** The file and where it was set, as a message names it. */
  String named() {
    return path + " (" + setAt + ")";
  }
}
