package dev.steady.cli;

import dev.steady.plan.ApplyListener;
import dev.steady.plan.HostApplied;
import dev.steady.plan.HostPlan;
import dev.steady.plan.Plan;
import java.util.LinkedHashMap;
import java.util.Map;

/** A live progress line for apply on a terminal (files, bytes, rate, per host); silent otherwise. */
final class ProgressBar implements ApplyListener {

  private final Context ctx;
  private final Map<String, long[]> done = new LinkedHashMap<>();
  private final long totalFiles;
  private final long start = System.nanoTime();
  private long lastDraw;

  ProgressBar(Context ctx, Plan plan) {
    this.ctx = ctx;
    this.totalFiles = Math.max(1, plan.count());
    for (HostPlan h : plan.hosts()) {
      done.put(h.name(), new long[] {0, 0, h.count()});
    }
  }

  @Override
  public synchronized void progress(String host, long files, long bytes) {
    long[] d = done.get(host);
    if (d != null) {
      d[0] = files;
      d[1] = bytes;
    }
    draw(false);
  }

  @Override
  public synchronized void hostDone(HostApplied host) {
    draw(true);
  }

  private void draw(boolean force) {
    if (!ctx.terminal.live() || ctx.json()) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    long files = done.values().stream().mapToLong(d -> d[0]).sum();
    long bytes = done.values().stream().mapToLong(d -> d[1]).sum();
    double seconds = Math.max(0.001, (now - start) / 1e9);
    int width = 30;
    int filled = (int) Math.min(width, width * files / totalFiles);
    StringBuilder line = new StringBuilder("[");
    line.append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ")
        .append(String.format("%3d%% ", 100 * files / totalFiles))
        .append(Units.count(files)).append('/').append(Units.count(totalFiles)).append(" files ")
        .append(Units.bytes(bytes)).append(' ')
        .append(Units.count((long) (files / seconds))).append(" files/s");
    done.forEach((host, d) -> line.append("  ").append(Terminal.safe(host)).append(' ').append(d[2] == 0 ? 100 : 100 * d[0] / d[2]).append('%'));
    ctx.err.print("\r\u001b[2K" + Width.fit(line.toString(), ctx.terminal.size().columns() - 1));
    ctx.err.flush();
  }

  void clear() {
    if (ctx.terminal.live() && !ctx.json()) {
      ctx.err.print("\r\u001b[2K");
      ctx.err.flush();
    }
  }
}
