package dev.steady.inventory;

import java.util.List;

/**
 * What an ssh config says about how to reach one host, beyond address, port and user: the
 * settings steady honours as {@code ssh} would, and why it refuses the host when it cannot.
 *
 * @param identityFiles IdentityFile values in config order (tokens and {@code ~} expanded)
 * @param certificateFiles CertificateFile values in config order
 * @param identitiesOnly IdentitiesOnly yes: offer only the identity files, not every agent key
 * @param identityAgent IdentityAgent (a socket path, {@code none}, or {@code SSH_AUTH_SOCK}), or null for the default
 * @param proxyCommand ProxyCommand with its tokens expanded, or null (also for {@code none})
 * @param hostKeyAlias HostKeyAlias: the name the host's pins are kept under instead of the inventory name, or null
 * @param userKnownHostsFiles UserKnownHostsFile values, empty for the default
 * @param globalKnownHostsFiles GlobalKnownHostsFile values, empty for the default
 * @param jumps the ProxyJump hops in order (the first is dialled first), each resolved through the config
 * @param refusal why steady will not connect to this host although ssh might (a Match block it cannot
 *     evaluate, a ProxyCommand it cannot honour…), naming the file and line; null when it can
 * @param ignored the ssh config lines that apply to this host and that steady does not honour
 *     ({@code file:line keyword}), for a warning
 * @param filesSetAt where each of the identity and certificate files was set ({@code file:line}), for messages
 */
public record SshOptions(
    List<String> identityFiles,
    List<String> certificateFiles,
    boolean identitiesOnly,
    String identityAgent,
    String proxyCommand,
    String hostKeyAlias,
    List<String> userKnownHostsFiles,
    List<String> globalKnownHostsFiles,
    List<Host> jumps,
    String refusal,
    List<String> ignored,
    java.util.Map<String, String> filesSetAt) {

  /** No ssh config applies: ssh's defaults. */
  public static final SshOptions NONE = new SshOptions(List.of(), List.of(), false, null, null, null, List.of(), List.of(), List.of(), null, List.of());

  /** Options whose files' lines are not known. */
  public SshOptions(List<String> identityFiles, List<String> certificateFiles, boolean identitiesOnly, String identityAgent,
      String proxyCommand, String hostKeyAlias, List<String> userKnownHostsFiles, List<String> globalKnownHostsFiles,
      List<Host> jumps, String refusal, List<String> ignored) {
    this(identityFiles, certificateFiles, identitiesOnly, identityAgent, proxyCommand, hostKeyAlias, userKnownHostsFiles,
        globalKnownHostsFiles, jumps, refusal, ignored, java.util.Map.of());
  }

  public SshOptions {
    identityFiles = List.copyOf(identityFiles == null ? List.of() : identityFiles);
    certificateFiles = List.copyOf(certificateFiles == null ? List.of() : certificateFiles);
    userKnownHostsFiles = List.copyOf(userKnownHostsFiles == null ? List.of() : userKnownHostsFiles);
    globalKnownHostsFiles = List.copyOf(globalKnownHostsFiles == null ? List.of() : globalKnownHostsFiles);
    jumps = List.copyOf(jumps == null ? List.of() : jumps);
    ignored = List.copyOf(ignored == null ? List.of() : ignored);
    filesSetAt = java.util.Map.copyOf(filesSetAt == null ? java.util.Map.of() : filesSetAt);
  }

  /** The same options reaching the host through {@code hops}. */
  public SshOptions withJumps(List<Host> hops) {
    return new SshOptions(identityFiles, certificateFiles, identitiesOnly, identityAgent, proxyCommand, hostKeyAlias,
        userKnownHostsFiles, globalKnownHostsFiles, hops, refusal, ignored, filesSetAt);
  }

  /** The same options without a ProxyCommand. */
  public SshOptions withoutProxyCommand() {
    return new SshOptions(identityFiles, certificateFiles, identitiesOnly, identityAgent, null, hostKeyAlias, userKnownHostsFiles,
        globalKnownHostsFiles, jumps, refusal, ignored, filesSetAt);
  }

  /** The same options with a refusal (the first one found stays). */
  public SshOptions refused(String why) {
    return refusal != null ? this : new SshOptions(identityFiles, certificateFiles, identitiesOnly, identityAgent, proxyCommand,
        hostKeyAlias, userKnownHostsFiles, globalKnownHostsFiles, jumps, why, ignored, filesSetAt);
  }
}
