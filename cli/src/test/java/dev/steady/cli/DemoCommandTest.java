package dev.steady.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code steady demo} is how a newcomer tries steady: it must start a usable fleet with both
 * outages staged, print commands that work as printed, and leave nothing behind when stopped.
 */
@Timeout(120)
class DemoCommandTest {

  @Test
  void demo_printsWorkingCommands_andRemovesItsDirectoryAndDiskWhenDone() throws Exception {
    Cli.Result result = Cli.run("demo", "--hosts", "3", "--exit-after", "1s");

    assertThat(result.status()).as(result.toString()).isZero();
    assertThat(result.out()).contains("3 embedded SSH hosts are up").contains("inventory check all").contains("exec all -- uptime");
    Matcher dir = Pattern.compile("directory (\\S+)\\)").matcher(result.out());
    assertThat(dir.find()).isTrue();
    assertThat(Files.exists(Path.of(dir.group(1)))).isFalse();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("no mount left").doesNotContain(dir.group(1));
    Matcher holder = HOLDER.matcher(result.out());
    if (holder.find()) {
      assertThat(ProcessHandle.of(Long.parseLong(holder.group(1))).map(ProcessHandle::isAlive))
          .as("the mount namespace of the disk is gone with its holder").isNotEqualTo(java.util.Optional.of(true));
    } else {
      assertThat(result.out()).contains("is not really full in this demo");
    }
  }

  /**
   * As root, app-03's disk really is nearly full: the review's free space is a few MiB of 64, and the
   * plan frees most of the filesystem; elsewhere the demo says why it is not.
   */
  @Test
  void fullDisk_isNearlyFull_andThePrintedPlanFreesMostOfIt_orTheDemoSaysWhyNot() throws Exception {
    Process demo = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "demo", "--hosts", "3", "--no-console", "--exit-after", "100s")
        .redirectErrorStream(true).start();
    String text;
    try {
      text = readUntilCtrlC(demo);
      Matcher holder = HOLDER.matcher(text);
      if (!holder.find()) {
        assertThat(text).as("not root here").contains("app-03's disk is not really full in this demo");
        return;
      }
      Matcher env = Pattern.compile("STEADY_INVENTORY=(\\S+) STEADY_KNOWN_HOSTS=(\\S+) STEADY_STORE=(\\S+)").matcher(text);
      assertThat(env.find()).as(text).isTrue();
      List<String> global = List.of("--json", "--inventory", env.group(1), "--known-hosts", env.group(2), "--store", env.group(3));
      Matcher plan = Pattern.compile("steady (cleanup plan .+)").matcher(text);
      assertThat(plan.find()).as(text).isTrue();
      assertThat(plan.group(1)).isEqualTo("cleanup plan app-03 --path /var/log/app --newer-than 14d --min-size 1M --expect-count 28");

      Cli.Result planned = Cli.run(args(global, plan.group(1).split(" ")));
      assertThat(planned.status()).as(planned.toString()).isZero();
      JsonNode review = new ObjectMapper().readTree(planned.out());
      long size = 64L * 1024 * 1024;
      JsonNode host = review.get("hosts").get(0);
      assertThat(host.get("free_bytes").asLong()).as("free now: about 5 %").isBetween(size * 2 / 100, size * 8 / 100);
      assertThat(review.get("count").asLong()).isEqualTo(28);
      assertThat(review.get("bytes").asLong()).as("the plan frees most of the disk").isGreaterThan(size * 85 / 100);

      Cli.Result applied = Cli.run(args(global, "apply", review.get("id").asText(), "--confirm", review.get("confirm_token").asText()));
      assertThat(applied.status()).as(applied.toString()).isZero();
      assertThat(new ObjectMapper().readTree(applied.out()).get("hosts").get(0).get("free_bytes_after").asLong())
          .as("free after").isGreaterThan(size * 90 / 100);
      assertThat(Path.of("/var/log/app/app-00.log")).as("this machine's /var/log is not the demo's").doesNotExist();
    } finally {
      demo.destroy();
    }
    assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Matcher holder = HOLDER.matcher(text);
    assertThat(holder.find()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(holder.group(1))).map(ProcessHandle::isAlive))
        .as("stopping the demo unmounts its disk").isNotEqualTo(java.util.Optional.of(true));
  }

  private static final Pattern HOLDER = Pattern.compile("mount namespace of process (\\d+)");

  private static String readUntilCtrlC(Process demo) throws java.io.IOException {
    StringBuilder printed = new StringBuilder();
    BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null && !line.startsWith("Ctrl-C here"); line = out.readLine()) {
      printed.append(line).append('\n');
    }
    return printed.toString();
  }

  @Test
  void bothStagedOutages_playOutAsThePrintedCommandsSay_andStoppingTheDemoLeavesNothing() throws Exception {
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "demo", "--exit-after", "100s");
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder printed = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null && !line.startsWith("Ctrl-C here"); line = out.readLine()) {
        printed.append(line).append('\n');
      }
      String text = printed.toString();
      Matcher env = Pattern.compile("STEADY_INVENTORY=(\\S+) STEADY_KNOWN_HOSTS=(\\S+) STEADY_STORE=(\\S+)").matcher(text);
      assertThat(env.find()).as(text).isTrue();
      List<String> global = List.of("--inventory", env.group(1), "--known-hosts", env.group(2), "--store", env.group(3));

      Matcher plan = Pattern.compile("steady (cleanup plan .+)").matcher(text);
      assertThat(plan.find()).as(text).isTrue();
      Cli.Result planned = Cli.run(args(global, plan.group(1).split(" ")));
      assertThat(planned.status()).as(planned.toString()).isZero();
      assertThat(planned.out()).contains("28 files").contains("confirmation token");
      Matcher token = Pattern.compile("confirmation token: (\\S+)").matcher(planned.out());
      Matcher id = Pattern.compile("steady apply (\\S+)").matcher(planned.out());
      assertThat(token.find() && id.find()).isTrue();
      Cli.Result applied = Cli.run(args(global, "apply", id.group(1), "--confirm", token.group(1)));
      assertThat(applied.status()).as(applied.toString()).isZero();
      assertThat(applied.out()).contains("deleted 28 files");

      Cli.Result restart = Cli.run(args(global, "restart", "all", "--start", "./app/bin/myapp start", "--verify",
          "cmd:./app/bin/myapp status", "--batch", "3"));
      assertThat(restart.status()).as(restart.toString()).isEqualTo(4);
      assertThat(restart.out()).contains("NOT ALL-CLEAR").contains("app-07 FAILED: start exited 1: myapp: etc/myapp.conf line 3")
          .contains("app-09 REFUSED").contains("answers hostname 'app-03'");

      Matcher console = Pattern.compile("The console: (http://127\\.0\\.0\\.1:\\d+)").matcher(text);
      Matcher login = Pattern.compile("log in as (\\S+) / (\\S+) \\(admin").matcher(text);
      assertThat(console.find() && login.find()).as(text).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> loggedIn = http.send(HttpRequest.newBuilder(URI.create(console.group(1) + "/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("name=" + login.group(1) + "&password=" + login.group(2))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(loggedIn.statusCode()).as("the printed demo login works").isEqualTo(303);
      String cookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      Matcher run = Pattern.compile("\\(run (r-[0-9a-f]+)").matcher(restart.out());
      assertThat(run.find()).as(restart.out()).isTrue();
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console.group(1) + "/runs/" + run.group(1)))
          .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).as("the console shows the restart just run from the CLI").contains("NOT ALL-CLEAR").contains("app-07");
    } finally {
      demo.destroy();
    }
    assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
    Matcher dir = Pattern.compile("directory (\\S+)\\)").matcher(printed);
    assertThat(dir.find()).isTrue();
    assertThat(Path.of(dir.group(1))).as("the demo directory is removed").doesNotExist();
  }

  private static String[] args(List<String> global, String... rest) {
    List<String> all = new ArrayList<>(global);
    for (String a : rest) {
      all.add(a.replace("'", ""));
    }
    return all.toArray(String[]::new);
  }
}
