package dev.steady.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.steady.failure.SteadyException;

/**
 * Applies the ssh config to an inventory host the way {@code ssh} (and Ansible, which runs {@code
 * ssh ADDRESS}) would: the config is read for the host's address when the inventory gives one, else
 * for its name (for a steady inventory, whose names are aliases too, the name's reading may fill in
 * who logs in, never where to); bastions ({@code ProxyJump a,b}) are resolved through the same config, hop by hop,
 * each with its own HostName, Port, User, identity files, pins and own ProxyJump. Where the name
 * and the address would lead ssh to different places (a block for the name sets ProxyJump, HostName,
 * Port or ProxyCommand that the address's reading lacks), the host is refused rather than guessed.
 */
final class SshRoutes {

  private static final int MAX_HOPS = 8;
  private static final List<String> WHERE = List.of("hostname", "port", "proxyjump", "proxycommand");

  private final SshConfig ssh;
  private final boolean ansible;

  /**
   * @param ansible the hosts come from an Ansible inventory: Ansible runs {@code ssh ADDRESS}, so a
   *     host with an address is read for its address alone (its name is no ssh alias there)
   */
  SshRoutes(SshConfig ssh, boolean ansible) {
    this.ssh = ssh;
    this.ansible = ansible;
  }

  SshRoutes(SshConfig ssh) {
    this(ssh, false);
  }

  HostSpec apply(HostSpec spec) {
    if (spec.isLocal() || spec.ssh() != null) {
      return spec; // local, or already read through another config (an ssh config used as the inventory)
    }
    boolean byAddress = spec.address() != null && !spec.address().equals(spec.name());
    SshConfig.Resolved resolved = ssh.resolve(byAddress ? spec.address() : spec.name());
    SshOptions options = resolved.options();
    if (byAddress && !ansible) {
      SshConfig.Resolved byName = ssh.resolve(spec.name());
      String conflict = conflict(spec, resolved, byName);
      resolved = withAuthFrom(resolved, byName);
      options = conflict == null ? resolved.options() : resolved.options().refused(conflict);
    }
    if (spec.proxyJump() == null && resolved.proxyJump() != null && resolved.proxyCommand() != null) {
      options = options.refused("ssh config sets both ProxyJump (" + resolved.setAt().get("proxyjump") + ") and ProxyCommand ("
          + resolved.setAt().get("proxycommand") + ") for " + spec.name() + "; keep one of them");
    }
    HostSpec withSsh = spec.withSsh(resolved, options);
    if (withSsh.proxyJump() == null) {
      return withSsh;
    }
    SshOptions jumped = options.withJumps(hops(withSsh.proxyJump(), withSsh, 0));
    if (spec.proxyJump() != null) {
      jumped = jumped.withoutProxyCommand(); // the inventory's bastion replaces the config's ProxyCommand, as ssh -J does
    }
    return withSsh.withOptions(jumped);
  }

  /**
   * The name's reading fills only who logs in and how (User, IdentityFile, CertificateFile,
   * IdentitiesOnly, IdentityAgent), never where to: that is the address's.
   */
  private static SshConfig.Resolved withAuthFrom(SshConfig.Resolved r, SshConfig.Resolved byName) {
    List<String> identities = r.identityFiles().isEmpty() ? byName.identityFiles() : r.identityFiles();
    List<String> certificates = r.certificateFiles().isEmpty() ? byName.certificateFiles() : r.certificateFiles();
    Map<String, String> filesSetAt = new java.util.LinkedHashMap<>(byName.filesSetAt());
    filesSetAt.putAll(r.filesSetAt());
    return new SshConfig.Resolved(r.hostName(), r.user() != null ? r.user() : byName.user(), r.port(), identities, r.proxyJump(),
        r.proxyCommand(), certificates, r.identitiesOnly() != null ? r.identitiesOnly() : byName.identitiesOnly(),
        r.identityAgent() != null ? r.identityAgent() : byName.identityAgent(), r.hostKeyAlias(), r.userKnownHostsFiles(),
        r.globalKnownHostsFiles(), r.setAt(), r.ignored(), r.refusal(), filesSetAt);
  }

  private static String conflict(HostSpec spec, SshConfig.Resolved byAddress, SshConfig.Resolved byName) {
    for (String keyword : WHERE) {
      String at = byName.setAt().get(keyword);
      if (at == null || Objects.equals(at, byAddress.setAt().get(keyword)) || inventorySets(spec, keyword)) {
        continue;
      }
      return "ssh config " + at + " sets " + keyword + " for the name " + spec.name() + ", but the inventory (" + spec.source()
          + ") gives " + spec.name() + " the address " + spec.address() + ", which that setting does not apply to; ssh and Ansible"
          + " would connect to " + spec.address() + " without it. Remove the address from the inventory, or make the ssh config"
          + " match " + spec.address() + " too";
    }
    return null;
  }

  private static boolean inventorySets(HostSpec spec, String keyword) {
    return switch (keyword) {
      case "port" -> spec.port() != null;
      case "proxyjump" -> spec.proxyJump() != null;
      case "hostname" -> spec.address() != null;
      default -> false;
    };
  }

  /** The hops of {@code jump} for {@code root}, each with its own hops first; bad input for a loop or a malformed hop. */
  private List<Host> hops(String jump, HostSpec root, int depth) {
    return hops(jump, root, root, new ArrayList<>(List.of(root.name())), depth);
  }

  private List<Host> hops(String jump, HostSpec of, HostSpec root, List<String> path, int depth) {
    List<Host> hops = new ArrayList<>();
    for (String hop : jump.split(",")) {
      hops.addAll(hop(hop.strip(), of, root, path, depth + hops.size()));
    }
    return hops;
  }

  private List<Host> hop(String spec, HostSpec of, HostSpec root, List<String> path, int depth) {
    if (spec.isEmpty()) {
      throw SteadyException.badInput("proxy_jump '" + of.proxyJump() + "' of host " + of.name() + " (" + root.source()
          + ") has an empty hop; write [user@]host[:port][,…]");
    }
    String user = null;
    String rest = spec;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.substring(0, at);
      rest = rest.substring(at + 1);
    }
    Integer port = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && rest.indexOf(':') == colon) {
      String text = rest.substring(colon + 1);
      port = Ports.parse(text, () -> SteadyException.badInput("proxy_jump of host " + of.name() + " (" + root.source()
          + ") has port '" + text + "'; write [user@]host[:port]"));
      rest = rest.substring(0, colon);
    }
    String name = rest;
    List<String> here = new ArrayList<>(path);
    here.add(name);
    if (depth >= MAX_HOPS) {
      throw SteadyException.badInput("the bastions of host " + root.name() + " (" + root.source() + ") chain more than " + MAX_HOPS
          + " hops (" + String.join(" <- ", here) + "); check ProxyJump for a loop");
    }
    SshConfig.Resolved r = ssh.resolve(name);
    String source = (r.setAt().containsKey("hostname") ? "ssh config " + r.setAt().get("hostname") : root.source())
        + " (bastion of " + root.name() + ")";
    HostSpec hopSpec = new HostSpec(name, r.hostName() != null ? r.hostName() : name, port != null ? port : r.port(),
        user != null ? user : r.user() != null ? r.user() : System.getProperty("user.name"),
        r.identityFile(), List.of(), Map.of(), root.env(), null, null, source,
        null, r.options(), null);
    List<Host> chain = new ArrayList<>();
    if (r.proxyJump() != null) {
      chain.addAll(hops(r.proxyJump(), hopSpec, root, here, depth + 1));
    }
    chain.add(hopSpec.toHost());
    return chain;
  }
}
