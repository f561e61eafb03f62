package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A terminal a person would use, for tests of what steady draws: a detached tmux session of a given
 * size running a shell, keys typed with {@code send-keys}, the screen and its scrollback read with
 * {@code capture-pane}. steady runs in it as a JVM of its own with the test's classpath.
 */
final class Tmux implements AutoCloseable {

  private final String session = "steady-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path dir;

  private Tmux(Path dir) {
    this.dir = dir;
  }

  /** Null when this machine has no usable tmux (the caller skips, saying so). */
  static String unavailable() {
    try {
      Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "tmux -V failed";
    } catch (IOException | InterruptedException e) {
      return "tmux is not installed (.ci/run installs it: apt-get install tmux)";
    }
  }

  /** A session of {@code columns} x {@code lines} running a plain bash, with {@code env} exported. */
  static Tmux start(Path dir, int columns, int lines, String term) throws Exception {
    Tmux t = new Tmux(dir);
    t.tmux("new-session", "-d", "-s", t.session, "-x", Integer.toString(columns), "-y", Integer.toString(lines),
        "env", "-u", "NO_COLOR", "-u", "STEADY_FORCE_COLOR", "TERM=" + term, "PS1=$ ", "bash", "--norc", "--noprofile");
    t.tmux("set-option", "-t", t.session, "history-limit", "10000");
    return t;
  }

  /**
   * A script that runs steady with {@code args} (the JVM of this test, its classpath) and then says
   * {@code steady exited N}; returns its path, to be typed.
   */
  Path script(String name, List<String> args, String env) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    String line = command.stream().map(Tmux::quote).collect(Collectors.joining(" "));
    Path file = dir.resolve(name + ".sh");
    Files.writeString(file, env + " " + line + "\necho \"steady exited $?\"\n");
    return file;
  }

  /** Types {@code text} and Enter. */
  void type(String text) throws Exception {
    tmux("send-keys", "-t", session, "-l", text);
    tmux("send-keys", "-t", session, "Enter");
  }

  void resize(int columns, int lines) throws Exception {
    tmux("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(lines));
  }

  /** The screen and its scrollback, wrapped lines joined into the line the program wrote. */
  List<String> lines() throws Exception {
    return List.of(tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session).split("\n", -1));
  }

  /** The screen only, wrapped lines joined (what was scrolled off, by output or a reflow, is not on it). */
  List<String> screen() throws Exception {
    return List.of(tmux("capture-pane", "-p", "-J", "-t", session).split("\n", -1));
  }

  /** Waits until the screen or scrollback holds {@code text}; returns the lines then. */
  List<String> await(String text, int seconds) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      List<String> lines = lines();
      if (lines.stream().anyMatch(l -> l.contains(text))) {
        return lines;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + text + "' on the screen within " + seconds + " s:\n" + String.join("\n", lines()));
  }

  private String tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Override
  public void close() throws IOException {
    try {
      new ProcessBuilder("tmux", "kill-session", "-t", session).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
