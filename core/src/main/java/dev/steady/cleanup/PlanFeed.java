package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import dev.steady.plan.PlannedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The delete agent's stdin, pulled from the plan's iterator as the transport reads it: records
 * {@code seq\0size\0mtime_ns\0inode\0device\0path\0}, whole records only. Each file goes into
 * {@link #sent()} before its bytes leave, so answers can be matched to it in order.
 *
 * <p>At most {@link #WINDOW} bytes of records are out without an answer back (about 2,000 files of
 * typical paths): the agent cannot delete a file it was not sent, so if the link drops, only files
 * in that window may be gone without their result having reached the caller (resume then finds them
 * "gone"), however deep the pipes and SSH windows are. The window is counted in bytes, not files, and
 * is several SSH packets wide, because the transport sends a partly filled packet only when more
 * input comes: a window smaller than a packet could wait forever on answers to records not yet sent.
 */
final class PlanFeed extends InputStream {

  static final int WINDOW = 256 * 1024;
  private static final int BATCH = 32 * 1024;

  private final Iterator<PlannedFile> planned;
  private final Queue<InFlight> sent = new ConcurrentLinkedQueue<>();
  private final Semaphore unanswered = new Semaphore(WINDOW);
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(BATCH * 2);
  private byte[] chunk = new byte[0];
  private PlannedFile held;
  private byte[] heldRecord;
  private int position;
  private volatile boolean exhausted;
  private volatile RuntimeException failure;

  PlanFeed(Iterator<PlannedFile> planned) {
    this.planned = planned;
  }

  /** A file sent to the agent, and the size of its record. */
  record InFlight(PlannedFile file, int bytes) {}

  Queue<InFlight> sent() {
    return sent;
  }

  /** The agent answered for {@code f}: room for its record's bytes. */
  void answered(InFlight f) {
    unanswered.release(f.bytes());
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
    if (position == chunk.length && !refill()) {
      return -1;
    }
    int n = Math.min(len, chunk.length - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  private boolean refill() {
    if (failure != null) {
      return false;
    }
    pending.reset();
    try {
      while (pending.size() < BATCH) {
        if (held == null) {
          if (!planned.hasNext()) {
            break;
          }
          held = planned.next();
          heldRecord = encode(held);
        }
        if (!unanswered.tryAcquire(heldRecord.length)) {
          if (pending.size() > 0) {
            break; // send what is ready first: the agent needs it to answer
          }
          unanswered.acquire(heldRecord.length);
        }
        sent.add(new InFlight(held, heldRecord.length));
        pending.writeBytes(heldRecord);
        held = null;
      }
    } catch (RuntimeException e) {
      failure = e;
    } catch (InterruptedException e) {
      // the transport gave up on the command (link dropped or timed out): send nothing more
      Thread.currentThread().interrupt();
      return false;
    }
    if (pending.size() == 0) {
      exhausted = failure == null && held == null;
      return false;
    }
    chunk = pending.toByteArray();
    position = 0;
    return true;
  }

  /** One whole record; a NUL inside a path would shift every later field, so such a path goes empty (the agent refuses it). */
  private static byte[] encode(PlannedFile p) {
    FileEntry f = p.file();
    byte[] path = f.path();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + path.length);
    for (String field : new String[] {Long.toString(p.seq()), Long.toString(f.size()), Long.toString(f.mtimeNanos()),
        Long.toUnsignedString(f.inode()), Long.toUnsignedString(f.device())}) {
      out.writeBytes(field.getBytes(StandardCharsets.US_ASCII));
      out.write(0);
    }
    out.writeBytes(contains0(path) ? new byte[0] : path);
    out.write(0);
    return out.toByteArray();
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
