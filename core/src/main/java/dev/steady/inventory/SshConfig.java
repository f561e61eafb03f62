package dev.steady.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenSSH client config ({@code ~/.ssh/config}) that resolves a host alias to HostName, User,
 * Port, IdentityFile and ProxyJump the way {@code ssh} does: the first value obtained wins.
 */
public final class SshConfig {

  /**
   * What the config says about one alias; each field is null when no matching block sets it.
   *
   * @param hostName the real host name or address ({@code %h} expanded)
   * @param user the login user
   * @param port the SSH port
   * @param identityFile the first IdentityFile, {@code ~} expanded
   * @param proxyJump the bastion, or null (also for {@code ProxyJump none})
   */
  public record Resolved(String hostName, String user, Integer port, String identityFile, String proxyJump) {

    static final Resolved NONE = new Resolved(null, null, null, null, null);

    /** This resolution with its unset fields taken from {@code other}. */
    Resolved orElse(Resolved other) {
      return new Resolved(
          hostName != null ? hostName : other.hostName,
          user != null ? user : other.user,
          port != null ? port : other.port,
          identityFile != null ? identityFile : other.identityFile,
          proxyJump != null ? proxyJump : other.proxyJump);
    }
  }

  private static final SshConfig EMPTY = new SshConfig(List.of(), Map.of());

  private final List<SshDirective> directives;
  private final Map<String, String> aliases;

  SshConfig(List<SshDirective> directives, Map<String, String> aliases) {
    this.directives = List.copyOf(directives);
    this.aliases = new LinkedHashMap<>(aliases);
  }

  /** The config in {@code file}; a null or missing file is an empty config. */
  public static SshConfig load(Path file) {
    if (file == null || !Files.exists(file)) {
      return EMPTY;
    }
    return parse(SourceText.read(file, "ssh config"));
  }

  /** A config with nothing in it. */
  public static SshConfig none() {
    return EMPTY;
  }

  static SshConfig parse(SourceText file) {
    return SshConfigParser.parse(file);
  }

  /** What {@code ssh ALIAS} would use, as far as steady cares. */
  public Resolved resolve(String alias) {
    SshResolution resolution = new SshResolution(alias);
    directives.stream().filter(d -> d.appliesTo(alias)).forEach(resolution::apply);
    return resolution.result();
  }

  /** The literal aliases of {@code Host} lines (no wildcards, no negations), in file order. */
  public List<String> aliases() {
    return new ArrayList<>(aliases.keySet());
  }

  /** Where an alias was first declared, as {@code file:line}. */
  String sourceOf(String alias) {
    return aliases.get(alias);
  }
}
