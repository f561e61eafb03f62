package dev.steady.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenSSH client config ({@code ~/.ssh/config}) that resolves a host as {@code ssh} does: the
 * first value obtained wins, {@code Host} and {@code Match} blocks judged per host, tokens expanded
 * at the end. What steady does not honour is reported: ignored lines as warnings, and lines that
 * change where or as whom ssh would connect as a refusal of that host.
 */
public final class SshConfig {

  /**
   * What the config says about one host; each field is null (lists empty) when no matching block sets it.
   *
   * @param hostName the real host name or address ({@code %h} expanded)
   * @param user the login user
   * @param port the SSH port
   * @param identityFiles every IdentityFile that applies, in order, expanded
   * @param proxyJump the bastion(s), or null (also for {@code ProxyJump none})
   * @param proxyCommand the ProxyCommand with its tokens expanded, or null (also for {@code none})
   * @param certificateFiles every CertificateFile that applies, in order, expanded
   * @param identitiesOnly IdentitiesOnly, or null when not set
   * @param identityAgent IdentityAgent, expanded, or null
   * @param hostKeyAlias HostKeyAlias, or null
   * @param userKnownHostsFiles UserKnownHostsFile's files, or empty
   * @param globalKnownHostsFiles GlobalKnownHostsFile's files, or empty
   * @param setAt where each setting that applied was set, {@code keyword -> file:line}
   * @param ignored lines that applied but steady does not honour ({@code file:line Keyword}), for a warning
   * @param refusal why steady must not connect as ssh would (naming the line), or null
   * @param filesSetAt where each IdentityFile and CertificateFile value was set ({@code file:line})
   */
  public record Resolved(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump,
      String proxyCommand, List<String> certificateFiles, Boolean identitiesOnly, String identityAgent, String hostKeyAlias,
      List<String> userKnownHostsFiles, List<String> globalKnownHostsFiles, Map<String, String> setAt, List<String> ignored,
      String refusal, Map<String, String> filesSetAt) {

    public Resolved {
      identityFiles = List.copyOf(identityFiles == null ? List.of() : identityFiles);
      certificateFiles = List.copyOf(certificateFiles == null ? List.of() : certificateFiles);
      userKnownHostsFiles = List.copyOf(userKnownHostsFiles == null ? List.of() : userKnownHostsFiles);
      globalKnownHostsFiles = List.copyOf(globalKnownHostsFiles == null ? List.of() : globalKnownHostsFiles);
      setAt = Map.copyOf(setAt == null ? Map.of() : setAt);
      ignored = List.copyOf(ignored == null ? List.of() : ignored);
      filesSetAt = Map.copyOf(filesSetAt == null ? Map.of() : filesSetAt);
    }

    static final Resolved NONE = new Resolved(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);

    /** The first IdentityFile, or null. */
    public String identityFile() {
      return identityFiles.isEmpty() ? null : identityFiles.getFirst();
    }

    /** The options a host carries from this resolution (jumps are resolved by the inventory). */
    SshOptions options() {
      return new SshOptions(identityFiles, certificateFiles, Boolean.TRUE.equals(identitiesOnly), identityAgent, proxyCommand,
          hostKeyAlias, userKnownHostsFiles, globalKnownHostsFiles, List.of(), refusal, ignored, filesSetAt);
    }
  }

  private static final SshConfig EMPTY = new SshConfig(List.of(), Map.of());

  private final List<SshDirective> directives;
  private final Map<String, String> aliases;
  private SshTokens.Values environment;

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

  /** The same config expanding {@code %u}, {@code %d}, {@code %l} and {@code ${VAR}} from these values. */
  SshConfig withEnvironment(String localUser, String home, String localHost, Map<String, String> env) {
    SshConfig copy = new SshConfig(directives, aliases);
    copy.environment = new SshTokens.Values(null, null, null, null, localUser, home, localHost, env);
    return copy;
  }

  /** What {@code ssh ALIAS} would use, as far as steady cares. */
  public Resolved resolve(String alias) {
    SshTokens.Values env = environment != null ? environment
        : new SshTokens.Values(null, null, null, null, System.getProperty("user.name"), System.getProperty("user.home"), "localhost",
            System.getenv());
    SshResolution resolution = new SshResolution(alias, env.localUser());
    directives.forEach(resolution::consider);
    return resolution.result(env);
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
