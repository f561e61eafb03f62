package dev.steady.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small filesystem of one embedded host's own, mounted where a server has a disk of its own (say
 * {@code /var/log}): a tmpfs of a fixed size in a private mount namespace. From then on the host runs
 * its commands inside that namespace (through nsenter), where they see the tmpfs at the mount point,
 * and also at the same path under their home ({@code root()/var/log}); this machine's mount table
 * and its own {@code /var/log} are never changed.
 *
 * <p>The namespace lives exactly as long as a holder process that exits when its stdin reaches EOF:
 * {@link #close()} closes it, and so does the death of this JVM, even by SIGKILL, so no mount
 * outlives its disk. A command cannot escape to this machine's {@code /var/log}: when the namespace
 * is gone, nsenter fails and the command does not run at all.
 *
 * <p>Needs Linux, root, {@code unshare}, {@code nsenter} and an existing mount point directory;
 * otherwise {@link #mount} throws {@link Unavailable} saying which is missing.
 */
public final class PrivateDisk implements AutoCloseable {

  /** Why a private disk cannot be made on this machine (not root, no nsenter, mount refused...). */
  public static final class Unavailable extends IOException {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
      super(reason);
    }
  }

  /** Runs in the new namespace: $1 mount point, $2 size in bytes, $3 the host's home. */
  private static final String HOLD = """
      mount -t tmpfs -o size="$2",mode=0755 steady-disk "$1" || exit 1
      mkdir -p "$3$1" && mount --bind "$1" "$3$1" || exit 1
      echo ready
      exec cat >/dev/null
      """;

  /** Runs each host command inside the namespace, from the host's home: $0 the command, $1 the home. */
  private static final String ENTER = "cd -- \"$1\" || exit 125; exec /bin/sh -c \"$0\"";

  private final EmbeddedHost host;
  private final String mountPoint;
  private final long sizeBytes;
  private final Process holder;

  private PrivateDisk(EmbeddedHost host, String mountPoint, long sizeBytes, Process holder) {
    this.host = host;
    this.mountPoint = mountPoint;
    this.sizeBytes = sizeBytes;
    this.holder = holder;
  }

  /**
   * Mounts an empty tmpfs of {@code sizeBytes} at {@code mountPoint} (an absolute directory that
   * exists on this machine, e.g. {@code /var/log}) for {@code host}'s commands only.
   */
  public static PrivateDisk mount(EmbeddedHost host, String mountPoint, long sizeBytes) throws IOException {
    if (!mountPoint.startsWith("/") || !Files.isDirectory(Path.of(mountPoint))) {
      throw new Unavailable(mountPoint + " is not a directory on this machine, so nothing can be mounted there");
    }
    Path unshare = program("unshare");
    Path nsenter = program("nsenter");
    if (!isRoot()) {
      throw new Unavailable("mounting a filesystem needs root, and this demo runs as "
          + System.getProperty("user.name", "another user"));
    }
    Process holder = new ProcessBuilder(unshare.toString(), "--mount", "--propagation", "private", "/bin/sh", "-c", HOLD,
        "steady-disk", mountPoint, Long.toString(sizeBytes), host.root().toString())
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (!"ready".equals(first)) {
      StringBuilder why = new StringBuilder(first == null ? "" : first);
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        why.append("; ").append(line);
      }
      holder.destroyForcibly();
      throw new Unavailable("cannot mount a tmpfs at " + mountPoint + " in a private mount namespace: "
          + (why.isEmpty() ? "unshare ended without a word" : why.toString().strip()));
    }
    String target = Long.toString(holder.pid());
    String home = host.root().toString();
    host.launchCommands(command -> List.of(nsenter.toString(), "--target", target, "--mount", "--",
        "/bin/sh", "-c", ENTER, command, home));
    return new PrivateDisk(host, mountPoint, sizeBytes, holder);
  }

  /** Where the host sees this disk, e.g. {@code /var/log}. */
  public String mountPoint() {
    return mountPoint;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  /** The process whose mount namespace holds the disk ({@code nsenter -t PID -m} to look inside). */
  public long holderPid() {
    return holder.pid();
  }

  /**
   * Where this JVM reaches {@code hostPath} (absolute, on the disk) as the host sees it, to stage
   * files there: through {@code /proc/PID/root}, which resolves paths in the holder's namespace.
   */
  public Path resolve(String hostPath) {
    if (!hostPath.equals(mountPoint) && !hostPath.startsWith(mountPoint + "/")) {
      throw new IllegalArgumentException(hostPath + " is not on the disk mounted at " + mountPoint);
    }
    return Path.of("/proc", Long.toString(holder.pid()), "root", hostPath.substring(1));
  }

  /** The host runs its commands as before; the namespace and its tmpfs go away with the holder. */
  @Override
  public void close() {
    host.launchCommands(null);
    try {
      holder.getOutputStream().close();
      if (!holder.waitFor(10, TimeUnit.SECONDS)) {
        holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      holder.destroyForcibly();
    } catch (InterruptedException e) {
      holder.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Path program(String name) throws Unavailable {
    Optional<Path> found = Programs.findExecutable(name);
    if (found.isEmpty()) {
      throw new Unavailable(name + " is not installed (util-linux)");
    }
    return found.get();
  }

  private static boolean isRoot() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return false;
    }
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
