package dev.steady.identity;

import dev.steady.inventory.Host;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The known_hosts files ssh reads for a host, each followed as it changes: its user files (the
 * ssh config's UserKnownHostsFile, else {@code ~/.ssh/known_hosts} and {@code known_hosts2}; or the
 * one file named by {@code --known-hosts}) and its global files (GlobalKnownHostsFile, else {@code
 * /etc/ssh/ssh_known_hosts} and {@code ssh_known_hosts2}), judged as one: a revocation in any file
 * wins. New pins go to the host's first user file.
 */
public final class PinFiles implements Pins {

  private static final List<String> GLOBAL = List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2");

  private final Path explicit;
  private final Path home;
  private final Map<Path, FollowedKnownHosts> followed = new ConcurrentHashMap<>();

  private PinFiles(Path explicit, Path home) {
    this.explicit = explicit;
    this.home = home;
    if (explicit != null) {
      follow(explicit); // a named file that cannot be read is bad input before any host is touched
    }
  }

  /**
   * @param explicit the file {@code --known-hosts} names (it replaces every host's user files), or
   *     null to read each host's own as ssh does
   * @param home the user's home, for the default user files
   */
  public static PinFiles of(Path explicit, Path home) {
    return new PinFiles(explicit, home);
  }

  @Override
  public KeyVerdict judge(Host host, PublicKey presented) {
    return now(host).judge(host, presented);
  }

  @Override
  public List<String> keyTypes(Host host) {
    try {
      return now(host).keyTypes(host);
    } catch (dev.steady.failure.SteadyException e) {
      return List.of(); // judge() says why no key is trusted
    }
  }

  /** Every file that holds pins for {@code host}, as one reading; the first user file takes new pins. */
  public KnownHosts now(Host host) {
    List<KnownHosts> parts = new ArrayList<>();
    for (Path file : files(host)) {
      parts.add(follow(file).now());
    }
    return KnownHosts.union(userFiles(host).getFirst(), parts);
  }

  /** Where a pin of {@code host} is written. */
  public Path fileFor(Host host) {
    return userFiles(host).getFirst();
  }

  private List<Path> files(Host host) {
    List<Path> files = new ArrayList<>(userFiles(host));
    files.addAll(globalFiles(host));
    return files;
  }

  private List<Path> userFiles(Host host) {
    if (explicit != null) {
      return List.of(explicit);
    }
    List<String> configured = host.ssh().userKnownHostsFiles();
    return configured.isEmpty() ? List.of(home.resolve(".ssh/known_hosts"), home.resolve(".ssh/known_hosts2"))
        : configured.stream().map(Path::of).toList();
  }

  private List<Path> globalFiles(Host host) {
    List<String> configured = host.ssh().globalKnownHostsFiles();
    return (configured.isEmpty() ? GLOBAL : configured).stream().map(Path::of).toList();
  }

  private FollowedKnownHosts follow(Path file) {
    return followed.computeIfAbsent(file.toAbsolutePath().normalize(), FollowedKnownHosts::new);
  }
}
