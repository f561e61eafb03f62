package dev.steady.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the config for one host as {@code ssh} does, in order, the first value obtained winning
 * (IdentityFile and CertificateFile accumulate), and remembers what it did not honour: directives
 * steady ignores (warned about, naming the line), and those it must not ignore because they change
 * where or as whom it connects (the host is refused, naming the line).
 */
final class SshResolution {

  /** Settings that change nothing about where, as whom or how safely steady connects: read silently. */
  private static final Set<String> HARMLESS = Set.of("loglevel", "batchmode", "serveraliveinterval", "serveralivecountmax",
      "tcpkeepalive", "connecttimeout", "controlmaster", "controlpath", "controlpersist", "addkeystoagent", "usekeychain",
      "ignoreunknown", "visualhostkey", "checkhostip", "updatehostkeys", "hashknownhosts", "connectionattempts",
      "escapechar", "numberofpasswordprompts", "passwordauthentication", "kbdinteractiveauthentication",
      "challengeresponseauthentication", "gssapiauthentication", "gssapidelegatecredentials", "preferredauthentications",
      "pubkeyauthentication", "hostbasedauthentication", "forwardx11", "forwardx11trusted", "requesttty");

  private final String alias;
  private final String localUser;
  private final Map<String, String> firstAt = new LinkedHashMap<>();
  private final List<SshDirective> applied = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private String refusal;
  private SshDirective pendingMatch;
  private String hostName;

  SshResolution(String alias, String localUser) {
    this.alias = alias;
    this.localUser = localUser;
  }

  void consider(SshDirective d) {
    SshCondition.Verdict verdict = d.condition().test(new SshCondition.Context(alias, hostName != null ? hostName : alias,
        firstValue("user"), localUser));
    if (d.keyword().equals("match")) {
      pendingMatch = verdict == SshCondition.Verdict.UNKNOWN ? d : null;
      return;
    }
    if (verdict == SshCondition.Verdict.NO) {
      return;
    }
    if (verdict == SshCondition.Verdict.UNKNOWN) {
      refuse(pendingMatch != null ? pendingMatch : d, "Match " + (pendingMatch == null ? "" : pendingMatch.raw())
          + " may apply to " + alias + " (it sets " + d.keyword() + " at " + d.at() + ") and steady does not evaluate "
          + unevaluated() + "; make the block's Host/Match criteria exclude this host, or connect with ssh yourself");
      return;
    }
    apply(d);
  }

  private String unevaluated() {
    return pendingMatch != null && pendingMatch.condition() instanceof SshMatch m ? m.unevaluated() : "its criteria";
  }

  private void apply(SshDirective d) {
    String keyword = d.keyword();
    switch (keyword) {
      case "identityfile", "certificatefile" -> applied.add(d);
      case "hostname", "user", "port", "proxyjump", "proxycommand", "hostkeyalias", "userknownhostsfile", "globalknownhostsfile",
          "identityagent", "identitiesonly", "stricthostkeychecking", "canonicalizehostname", "revokedhostkeys" -> {
        if (firstAt.putIfAbsent(keyword, d.at()) == null) {
          applied.add(d);
          if (keyword.equals("hostname")) {
            hostName = d.first().replace("%h", alias).replace("%%", "%");
          }
        }
      }
      default -> {
        if (!HARMLESS.contains(keyword)) {
          ignored.add(d.at() + " " + d.keyword());
        }
      }
    }
  }

  private String firstValue(String keyword) {
    for (SshDirective d : applied) {
      if (d.keyword().equals(keyword)) {
        return d.first();
      }
    }
    return null;
  }

  private void refuse(SshDirective at, String why) {
    if (refusal == null) {
      refusal = "ssh config " + at.at() + ": " + why;
    }
  }

  /** The settings with their tokens expanded once everything is known. */
  SshConfig.Resolved result(SshTokens.Values base) {
    SshDirective portLine = line("port");
    Integer port = portLine == null ? null : port(portLine);
    String host = hostName != null ? hostName : alias;
    SshDirective userLine = line("user");
    SshTokens.Values partial = new SshTokens.Values(host, alias, String.valueOf(port == null ? 22 : port), base.localUser(),
        base.localUser(), base.home(), base.localHost(), base.env());
    String user = userLine == null ? null : SshTokens.expand(userLine.first(), userLine, partial, false);
    SshTokens.Values v = new SshTokens.Values(host, alias, partial.port(), user != null ? user : base.localUser(), base.localUser(),
        base.home(), base.localHost(), base.env());
    List<String> identityFiles = new ArrayList<>();
    List<String> certificateFiles = new ArrayList<>();
    Map<String, String> filesSetAt = new LinkedHashMap<>();
    for (SshDirective d : applied) {
      if (d.keyword().equals("identityfile") && !d.first().equalsIgnoreCase("none")) {
        identityFiles.add(SshTokens.expand(d.first(), d, v, true));
        filesSetAt.putIfAbsent(identityFiles.getLast(), d.at());
      } else if (d.keyword().equals("certificatefile") && !d.first().equalsIgnoreCase("none")) {
        certificateFiles.add(SshTokens.expand(d.first(), d, v, true));
        filesSetAt.putIfAbsent(certificateFiles.getLast(), d.at());
      }
    }
    SshDirective strict = line("stricthostkeychecking");
    if (strict != null && !List.of("yes", "ask").contains(strict.first().toLowerCase(Locale.ROOT))) {
      ignored.add(strict.at() + " StrictHostKeyChecking " + strict.first() + " (steady always requires a pinned key)");
    }
    SshDirective canonical = line("canonicalizehostname");
    if (canonical != null && !List.of("no", "false").contains(canonical.first().toLowerCase(Locale.ROOT))) {
      refuse(canonical, "CanonicalizeHostname " + canonical.first() + " would make ssh connect to a canonicalised name and read the"
          + " config again; steady does not canonicalise, so it refuses " + alias + "; set CanonicalizeHostname no for it or give its full name as HostName");
    }
    SshDirective revoked = line("revokedhostkeys");
    if (revoked != null && !revoked.first().equalsIgnoreCase("none")) {
      refuse(revoked, "RevokedHostKeys " + revoked.first() + " applies to " + alias + " and steady cannot read key revocation lists;"
          + " put the revoked keys into known_hosts as @revoked lines, which steady honours");
    }
    return new SshConfig.Resolved(hostName, user, port, identityFiles, expandedOrNull("proxyjump", v, false),
        proxyCommand(v), certificateFiles, bool("identitiesonly"), expandedOrNull("identityagent", v, true),
        expandedOrNull("hostkeyalias", v, false), files("userknownhostsfile", v), files("globalknownhostsfile", v),
        Map.copyOf(firstAt), List.copyOf(ignored), refusal, filesSetAt);
  }

  private String proxyCommand(SshTokens.Values v) {
    SshDirective d = line("proxycommand");
    if (d == null || d.raw().equalsIgnoreCase("none")) {
      return null;
    }
    return SshTokens.expand(d.raw(), d, v, false);
  }

  private String expandedOrNull(String keyword, SshTokens.Values v, boolean variables) {
    SshDirective d = line(keyword);
    if (d == null || d.first().equalsIgnoreCase("none") && keyword.equals("proxyjump")) {
      return null;
    }
    return SshTokens.expand(keyword.equals("proxyjump") ? d.first() : d.first(), d, v, variables);
  }

  private List<String> files(String keyword, SshTokens.Values v) {
    SshDirective d = line(keyword);
    if (d == null) {
      return List.of();
    }
    return d.args().stream().filter(a -> !a.equalsIgnoreCase("none")).map(a -> SshTokens.expand(a, d, v, true)).toList();
  }

  private Boolean bool(String keyword) {
    SshDirective d = line(keyword);
    return d == null ? null : List.of("yes", "true").contains(d.first().toLowerCase(Locale.ROOT));
  }

  private SshDirective line(String keyword) {
    for (SshDirective d : applied) {
      if (d.keyword().equals(keyword)) {
        return d;
      }
    }
    return null;
  }

  private static int port(SshDirective d) {
    return Ports.parse(d.first(), () -> d.file().error(d.line(),
        "Port must be a number from 1 to 65535, found '" + d.first() + "'; fix the ssh config"));
  }

  /** {@code ~} and {@code ~/x} as the home directory. */
  static String tilde(String path) {
    return tilde(path, System.getProperty("user.home"));
  }

  static String tilde(String path, String home) {
    if (path.equals("~")) {
      return home;
    }
    return path.startsWith("~/") ? home + path.substring(1) : path;
  }
}
