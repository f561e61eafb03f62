package dev.steady.cleanup;

import dev.steady.plan.FileEntry;
import dev.steady.plan.PlanStorage;
import dev.steady.plan.PlannedFile;
import java.util.BitSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Pulls a host's planned files out of storage as an iterator, on a virtual thread with a bounded
 * queue: a million-file plan streams through in constant memory. Files already handled (resume) are
 * left out. {@link #close()} stops the producer if the consumer gives up early.
 */
final class PlannedFiles implements Iterator<PlannedFile>, AutoCloseable {

  private static final PlannedFile END = new PlannedFile(-1, new FileEntry(new byte[] {'/'}, 0, 0, 0, 0));
  private final BlockingQueue<PlannedFile> queue = new ArrayBlockingQueue<>(4096);
  private final Thread producer;
  private volatile boolean closed;
  private volatile RuntimeException failure;
  private PlannedFile next;

  PlannedFiles(PlanStorage storage, long draft, String host, BitSet done) {
    this.producer = Thread.startVirtualThread(() -> produce(storage, draft, host, done));
  }

  private void produce(PlanStorage storage, long draft, String host, BitSet done) {
    try {
      storage.forEachFile(draft, host, file -> {
        if (!done.get(Math.toIntExact(file.seq()))) {
          put(file);
        }
      });
    } catch (CancelledException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new StoreFailed(e); // the plan could not be read: nothing more is sent
    } finally {
      put(END);
    }
  }

  private void put(PlannedFile file) {
    try {
      while (!closed && !queue.offer(file, 100, TimeUnit.MILLISECONDS)) {
        // wait for the consumer, or for close()
      }
      if (closed && file != END) {
        throw new CancelledException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException();
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the plan", e);
      }
    }
    if (next == END && failure != null) {
      throw failure;
    }
    return next != END;
  }

  @Override
  public PlannedFile next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    PlannedFile file = next;
    next = null;
    return file;
  }

  @Override
  public void close() {
    closed = true;
    producer.interrupt();
  }

  /** Stops the producer's storage cursor when the consumer has gone. */
  private static final class CancelledException extends RuntimeException {
    CancelledException() {
      super("plan stream cancelled", null, false, false);
    }
  }
}
