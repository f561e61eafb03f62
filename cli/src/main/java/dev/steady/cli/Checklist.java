package dev.steady.cli;

import dev.steady.inventory.Inventory;
import dev.steady.run.RowState;
import dev.steady.run.RunListener;
import dev.steady.run.RunRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checklist on a terminal: one row per (host, step) in inventory order, redrawn in place as rows
 * change; plain appended lines when stdout is not a terminal or the terminal is dumb.
 *
 * <p>A redraw moves the cursor up over the lines of the previous frame and writes the new one, so
 * every line of a frame must take exactly one line of the screen: each row is cut to the terminal's
 * width (the message ends with an ellipsis; {@code status RUN --full} and {@code --json} have the
 * whole text), and a checklist taller than the screen is shown as a window (the counts, then the
 * rows that are under way or need attention). The size is followed across resizes ({@link
 * Screen}); after one, the checklist is drawn afresh at the top of a cleared screen.
 */
final class Checklist implements RunListener {

  private final Context ctx;
  private final Inventory inventory;
  private final Map<String, RunRow> rows = new LinkedHashMap<>();
  private final boolean live;
  /**
   * After a resize: clear the screen and draw from its top. Where the previous frame now is depends
   * on how the terminal reflowed it, and on whether a frame was drawn at the old width between the
   * resize and its signal; only a fresh screen is certain to hold no piece of an older frame.
   */
  private static final String RESET = "\u001b[H\u001b[2J";

  private List<String> drawn = List.of();
  private boolean paused;
  private int extra;
  private Screen.Size drawnOn;

  Checklist(Context ctx, Inventory inventory, List<RunRow> initial) {
    this.ctx = ctx;
    this.inventory = inventory;
    initial.stream().sorted((a, b) -> Integer.compare(a.position(), b.position())).forEach(r -> rows.put(key(r), r));
    this.live = ctx.terminal.live() && !ctx.json();
    if (live) {
      Screen.watchResizes();
      draw();
    }
  }

  @Override
  public synchronized void rowChanged(RunRow row) {
    rows.put(key(row), row);
    if (live) {
      if (!paused) {
        draw();
      }
    } else if (!ctx.json()) {
      ctx.human().println(line(row, columns(rows.values()), Integer.MAX_VALUE));
    }
  }

  /**
   * The store went away or came back, or another controller took the run over: one line on stderr,
   * where the checklist was, and the checklist drawn again below it (the line stays on the screen).
   */
  @Override
  public synchronized void notice(String message) {
    if (live) {
      ctx.out.print(up(ctx.terminal.size().columns()));
      ctx.out.flush();
      drawn = List.of();
    }
    ctx.err.println("steady: " + Terminal.safe(message));
    ctx.err.flush();
    if (live) {
      ctx.out.print("\u001b[J");
      draw();
    }
  }

  /**
   * Asks {@code prompt} (a runbook's gate) below the checklist and returns the line typed; the
   * checklist is not drawn meanwhile (rows keep changing), then drawn again over the question.
   */
  String ask(String prompt) {
    synchronized (this) {
      paused = live;
    }
    String answer = System.console().readLine("%s%n> ", prompt);
    synchronized (this) {
      if (live) {
        int columns = ctx.terminal.size().columns();
        for (String l : (prompt + "\n> " + (answer == null ? "" : answer)).split("\n", -1)) {
          extra += Math.max(1, (Width.of(l) + columns - 1) / columns);
        }
        paused = false;
        draw();
      }
    }
    return answer;
  }

  /** {@code status RUN}: the rows once, cut to the terminal's width unless {@code full} or not on a terminal. */
  static void print(Context ctx, Inventory inventory, List<RunRow> rows, boolean full) {
    Checklist table = new Checklist(ctx, inventory, List.of(), false);
    int width = ctx.terminal.live() && !full ? ctx.terminal.size().columns() - 1 : Integer.MAX_VALUE;
    Columns columns = columns(rows);
    rows.forEach(r -> ctx.out.println(table.line(r, columns, width)));
  }

  private Checklist(Context ctx, Inventory inventory, List<RunRow> initial, boolean live) {
    this.ctx = ctx;
    this.inventory = inventory;
    this.live = live;
  }

  /** One line per (host, step): a runbook's steps of one host are separate rows. */
  private static String key(RunRow r) {
    return r.host() + '\u0000' + r.step();
  }

  private void draw() {
    Screen.Size size = ctx.terminal.size();
    List<String> frame = frame(size);
    StringBuilder b = new StringBuilder(drawnOn == null || drawnOn.equals(size) ? up(size.columns()) : RESET);
    drawnOn = size;
    for (String l : frame) {
      b.append("\u001b[2K").append(l).append('\n');
    }
    if (!frame.isEmpty()) {
      // what is left of a taller previous frame; never cleared from the top-left corner, where tmux
      // and others take "clear to the end of the screen" for a clear screen and keep a copy in the scrollback
      b.append("\u001b[J");
    }
    drawn = frame;
    ctx.out.print(b);
    ctx.out.flush();
  }

  /**
   * Moves the cursor to the first line of the previous frame (and of what was asked below it). Each
   * line of a frame takes one screen line: none is ever as wide as the screen.
   */
  private String up(int columns) {
    int lines = extra;
    extra = 0;
    for (String l : drawn) {
      lines += Math.max(1, (Width.of(l) + columns - 1) / columns);
    }
    return lines > 0 ? "\r\u001b[" + lines + "A" : "\r";
  }

  /** The lines to draw: every row when they fit the screen, else the counts and the rows that matter now. */
  private List<String> frame(Screen.Size size) {
    int width = Math.max(10, size.columns() - 1); // never the last column: no pending wrap, nothing to reflow
    int room = Math.max(3, size.lines() - 1); // the cursor's line below the frame stays on screen
    Columns columns = columns(rows.values());
    List<String> lines = new ArrayList<>();
    if (rows.size() <= room) {
      rows.values().forEach(r -> lines.add(line(r, columns, width)));
      return lines;
    }
    lines.add(Width.fit(ctx.terminal.bold(Verdict.counts(List.copyOf(rows.values()))) + " (" + rows.size() + " rows; the rows under way"
        + " or needing attention below)", width));
    List<RunRow> shown = rows.values().stream().filter(r -> r.state() != RowState.PENDING && r.state() != RowState.DONE).toList();
    int fit = room - 2;
    shown.stream().limit(fit).forEach(r -> lines.add(line(r, columns, width)));
    if (shown.size() > fit) {
      lines.add(Width.fit("… and " + (shown.size() - fit) + " more under way or needing attention", width));
    }
    return lines;
  }

  /** How wide the host and step columns are: the longest name, within bounds. */
  private record Columns(int host, int step) {}

  private static Columns columns(Collection<RunRow> rows) {
    int host = rows.stream().mapToInt(r -> Width.of(Terminal.safe(r.host()))).max().orElse(0);
    int step = rows.stream().mapToInt(r -> Width.of(Terminal.safe(r.step()))).max().orElse(0);
    return new Columns(Math.min(Math.max(host, 11), 30), Math.min(step, 20));
  }

  private String line(RunRow r, Columns columns, int width) {
    Terminal t = ctx.terminal;
    String name = Terminal.safe(r.host());
    String host = inventory == null ? name : inventory.host(r.host()).map(t::host).orElse(name);
    String step = Terminal.safe(r.step());
    String state = String.format("%-10s", r.state());
    state = switch (r.state()) {
      case DONE -> t.green(state);
      case FAILED, REFUSED, UNKNOWN -> t.red(state);
      case SKIPPED, PENDING -> t.dim(state);
      default -> t.amber(state);
    };
    String line = host + " ".repeat(Math.max(1, columns.host() + 1 - Width.of(name))) + step + pad(step, columns.step()) + "  " + state + " "
        + String.format("%6s", elapsed(r)) + "  " + Terminal.safe(r.message() == null ? "" : r.message());
    return Width.fit(line.stripTrailing(), width);
  }

  private static String pad(String s, int to) {
    return " ".repeat(Math.max(0, to - Width.of(s)));
  }

  private static String elapsed(RunRow r) {
    if (r.startedAt() == null) {
      return "";
    }
    Instant end = r.endedAt() != null ? r.endedAt() : Instant.now();
    return String.format("%.1fs", Duration.between(r.startedAt(), end).toMillis() / 1000.0);
  }
}
