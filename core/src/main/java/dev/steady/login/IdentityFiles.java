package dev.steady.login;

import dev.steady.inventory.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity files of one host in ssh's order: the inventory's {@code identity_file} ({@code
 * ansible_ssh_private_key_file}) first, then every {@code IdentityFile} of the ssh config in order;
 * when none is named, ssh's default files.
 */
final class IdentityFiles {

  static final List<String> DEFAULTS = List.of("id_rsa", "id_ecdsa", "id_ecdsa_sk", "id_ed25519", "id_ed25519_sk");

  private IdentityFiles() {}

  static List<KeyFile> of(Host host) {
    Map<Path, KeyFile> files = new LinkedHashMap<>();
    Map<String, String> setAt = host.ssh().filesSetAt();
    if (host.identityFile() != null) {
      String line = setAt.get(host.identityFile());
      add(files, host.identityFile(), line != null ? "IdentityFile, ssh config " + line : host.identityFileAt() != null
          ? "identity_file, " + host.identityFileAt() : "identity_file in " + file(host.source()));
    }
    for (String file : host.ssh().identityFiles()) {
      add(files, file, "IdentityFile, ssh config " + setAt.getOrDefault(file, "?"));
    }
    if (!files.isEmpty()) {
      return List.copyOf(files.values());
    }
    List<KeyFile> defaults = new ArrayList<>();
    Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
    for (String name : DEFAULTS) {
      defaults.add(new KeyFile(ssh.resolve(name), "ssh's default key", false));
    }
    return defaults;
  }

  private static void add(Map<Path, KeyFile> files, String file, String setAt) {
    Path path = expand(file);
    files.putIfAbsent(path.toAbsolutePath().normalize(), new KeyFile(path, setAt, true));
  }

  /** {@code ~} and {@code ~/x} as the home directory. */
  static Path expand(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }

  /** The file of a {@code file:line} source (a host's, or a bastion's "… (bastion of …)"). */
  private static String file(String source) {
    if (source == null) {
      return "the inventory";
    }
    int space = source.indexOf(' ');
    String first = space < 0 ? source : source.substring(0, space);
    int colon = first.lastIndexOf(':');
    return colon > 0 ? first.substring(0, colon) : first;
  }
}
