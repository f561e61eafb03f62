package dev.steady.audit;

/**
 * Thrown by a store when a stored audit row cannot even be read as an entry (say its timestamp
 * was overwritten with text steady never writes); {@link AuditLog#verify()} reports it as the
 * first bad entry.
 */
public class AuditRowUnreadable extends RuntimeException {

  private final long seq;

  public AuditRowUnreadable(long seq, String problem, Throwable cause) {
    super("entry " + seq + ": unreadable, " + problem + " (edited?)", cause);
    this.seq = seq;
  }

  public long seq() {
    return seq;
  }
}
