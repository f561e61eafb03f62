package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import dev.steady.plan.PlannedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The delete agent's stdin, pulled from the plan's iterator as the transport reads it: records
 * {@code seq\0size\0mtime_ns\0inode\0device\0path\0}, whole records only. Each file goes into
 * {@link #sent()} before its bytes leave, so answers can be matched to it in order.
 *
 * <p>A record leaves only with room in the {@link RecordWindow}: at most {@link RecordWindow#FILES}
 * files are out beyond those whose results were recorded, however deep the pipes and SSH windows
 * are. The transport flushes each chunk read from here into a packet, and the agent holds its
 * answers only while more records are waiting for it, so the window keeps records moving while
 * results are committed. Once the window is stopped, the feed ends at the next chunk.
 */
final class PlanFeed extends InputStream {

  private static final int BATCH = 32 * 1024;

  private final Iterator<PlannedFile> planned;
  private final RecordWindow window;
  private final Queue<InFlight> sent = new ConcurrentLinkedQueue<>();
  private byte[] chunk = new byte[BATCH * 2];
  private int chunkLength;
  private PlannedFile held;
  private byte[] heldRecord;
  private int position;
  private volatile boolean exhausted;
  private volatile RuntimeException failure;

  PlanFeed(Iterator<PlannedFile> planned, RecordWindow window) {
    this.planned = planned;
    this.window = window;
  }

  /** A file sent to the agent, and the size of its record. */
  record InFlight(PlannedFile file, int bytes) {}

  Queue<InFlight> sent() {
    return sent;
  }

  /** The agent answered for {@code f}. */
  void answered(InFlight f) {
    window.answered();
  }

  /** True once every planned file was handed to the transport. */
  boolean exhausted() {
    return exhausted;
  }

  /** What the plan's iterator threw, if it did (the agent then saw a clean end after the last whole record). */
  RuntimeException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position == chunkLength && !refill()) {
      return -1;
    }
    int n = Math.min(len, chunkLength - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  /** Fills {@link #chunk} (consumed by then, so reused) with whole records; false at the end. */
  private boolean refill() {
    if (failure != null || window.stopped() != null) {
      return false;
    }
    chunkLength = 0;
    position = 0;
    try {
      while (chunkLength < BATCH) {
        if (held == null) {
          if (!planned.hasNext()) {
            break;
          }
          held = planned.next();
          heldRecord = encode(held);
        }
        if (!window.tryTake()) {
          if (chunkLength > 0 || window.stopped() != null) {
            break; // send what is ready first: the agent needs it to answer
          }
          if (!window.take()) {
            return false; // stopped while waiting: nothing more leaves
          }
        }
        sent.add(new InFlight(held, heldRecord.length));
        if (chunkLength + heldRecord.length > chunk.length) {
          chunk = Arrays.copyOf(chunk, Math.max(chunk.length * 2, chunkLength + heldRecord.length));
        }
        System.arraycopy(heldRecord, 0, chunk, chunkLength, heldRecord.length);
        chunkLength += heldRecord.length;
        held = null;
      }
    } catch (RuntimeException e) {
      failure = e;
    } catch (InterruptedException e) {
      // the transport gave up on the command (link dropped or timed out): send nothing more
      Thread.currentThread().interrupt();
      chunkLength = 0;
      return false;
    }
    if (window.stopped() != null) {
      chunkLength = 0; // stopped while this chunk was made: it never leaves
      return false;
    }
    if (chunkLength == 0) {
      exhausted = failure == null && held == null;
      return false;
    }
    return true;
  }

  /** One whole record; a NUL inside a path would shift every later field, so such a path goes empty (the agent refuses it). */
  static byte[] encode(PlannedFile p) {
    FileEntry f = p.file();
    byte[] path = f.path();
    if (contains0(path)) {
      path = new byte[0];
    }
    byte[] out = new byte[5 * 21 + path.length + 1];
    int n = decimal(p.seq(), out, 0);
    n = decimal(f.size(), out, n);
    n = decimal(f.mtimeNanos(), out, n);
    n = unsignedDecimal(f.inode(), out, n);
    n = unsignedDecimal(f.device(), out, n);
    System.arraycopy(path, 0, out, n, path.length);
    n += path.length;
    out[n++] = 0;
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** Writes {@code v} in decimal and a NUL at {@code at}; returns the index after the NUL. */
  private static int decimal(long v, byte[] out, int at) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        return ascii(Long.toString(v), out, at);
      }
      out[at++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    for (int i = at + digits - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    out[at + digits] = 0;
    return at + digits + 1;
  }

  private static int unsignedDecimal(long v, byte[] out, int at) {
    return v >= 0 ? decimal(v, out, at) : ascii(Long.toUnsignedString(v), out, at);
  }

  private static int ascii(String s, byte[] out, int at) {
    for (int i = 0; i < s.length(); i++) {
      out[at++] = (byte) s.charAt(i);
    }
    out[at] = 0;
    return at + 1;
  }

  private static boolean contains0(byte[] path) {
    for (byte b : path) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }
}
