package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * steady in a JVM of its own, as a controller runs on an engineer's machine: started with the test's
 * classpath, its stdout and stderr in {@code LOG.out} and {@code LOG.err} of a test directory, so a
 * test can kill it with SIGKILL at any moment.
 */
final class SteadyProcess {

  record Result(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  final Process process;
  private final Path dir;
  private final String log;

  private SteadyProcess(Process process, Path dir, String log) {
    this.process = process;
    this.dir = dir;
    this.log = log;
  }

  /** Starts steady with {@code args} as user {@code user}, with {@code env} added, logging to {@code dir/log.*}. */
  static SteadyProcess start(Path dir, String log, String user, Map<String, String> env, List<String> args) throws Exception {
    // C1 only: a short-lived controller on a shared 2-core machine starts faster and leaves the cores to the hosts
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Duser.name=" + user,
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).redirectError(dir.resolve(log + ".err").toFile())
        .redirectOutput(dir.resolve(log + ".out").toFile());
    b.environment().putAll(env);
    return new SteadyProcess(b.start(), dir, log);
  }

  /**
   * Starts steady with {@code args} in {@code workDir} with exactly {@code environment}, nothing of the
   * test's own inherited, as an engineer's fresh shell runs it; logs to {@code dir/log.*}.
   */
  static SteadyProcess startClean(Path dir, String log, Path workDir, Map<String, String> environment, List<String> args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    ProcessBuilder b = new ProcessBuilder(command).directory(workDir.toFile()).redirectError(dir.resolve(log + ".err").toFile())
        .redirectOutput(dir.resolve(log + ".out").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    b.environment().clear();
    b.environment().putAll(environment);
    return new SteadyProcess(b.start(), dir, log);
  }

  /** Waits for it to exit by itself (90 s at most). */
  Result finish() throws Exception {
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as(log + " finished").isTrue();
    return result();
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook runs, nothing more is stored. */
  void kill() throws Exception {
    process.destroyForcibly().waitFor();
  }

  Result result() throws Exception {
    return new Result(process.exitValue(), Files.readString(dir.resolve(log + ".out")), Files.readString(dir.resolve(log + ".err")));
  }
}
