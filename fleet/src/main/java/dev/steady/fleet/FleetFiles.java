package dev.steady.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;

/** The files a fleet hands to clients: known_hosts, steady inventory, pssh and Ansible host lists. */
final class FleetFiles {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./~-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private FleetFiles() {}

  /** Host names become file names and inventory keys, so they stay simple. */
  static List<String> checkNames(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a fleet needs at least one host name");
    }
    for (String name : names) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("host name '" + name + "' must match " + NAME.pattern());
      }
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new IllegalArgumentException("host names must be unique: " + names);
    }
    return List.copyOf(names);
  }

  static Path writeKnownHosts(Path file, List<? extends TestHost> hosts) throws IOException {
    StringBuilder text = new StringBuilder();
    hosts.forEach(host -> text.append(host.knownHostsLine()).append('\n'));
    return write(file, text);
  }

  static Path writeInventory(Path file, List<? extends TestHost> hosts, String user, Path identity, String env) {
    StringBuilder text = new StringBuilder();
    text.append("defaults: {user: ").append(yaml(user))
        .append(", identity_file: ").append(yaml(identity.toAbsolutePath().toString()))
        .append(", env: ").append(yaml(env)).append("}\nhosts:\n");
    for (TestHost host : hosts) {
      text.append("  ").append(host.name()).append(": {address: ").append(host.address())
          .append(", port: ").append(host.port()).append(", groups: [fleet]}\n");
    }
    try {
      return write(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the inventory " + file, e);
    }
  }

  /** One {@code user@127.0.0.1:PORT} per line, as parallel-ssh's {@code -h} file wants. */
  static Path writePsshHosts(Path file, List<? extends TestHost> hosts) throws IOException {
    StringBuilder text = new StringBuilder();
    hosts.forEach(h -> text.append(h.user()).append('@').append(h.address()).append(':').append(h.port()).append('\n'));
    return write(file, text);
  }

  static Path writeAnsibleIni(Path file, List<? extends TestHost> hosts, Path identity) throws IOException {
    StringBuilder text = new StringBuilder("[fleet]\n");
    for (TestHost h : hosts) {
      text.append(h.name()).append(" ansible_host=").append(h.address()).append(" ansible_port=").append(h.port())
          .append(" ansible_user=").append(h.user())
          .append(" ansible_ssh_private_key_file=").append(identity.toAbsolutePath()).append('\n');
    }
    return write(file, text);
  }

  private static Path write(Path file, CharSequence text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    Files.writeString(tmp, text);
    return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String yaml(String value) {
    if (PLAIN.matcher(value).matches()) {
      return value;
    }
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
