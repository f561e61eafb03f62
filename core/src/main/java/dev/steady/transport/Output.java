package dev.steady.transport;

/**
 * A command's output stream as steady kept it: the first bytes, the total size and the SHA-256 of
 * everything (the audit log records the digest, never the content).
 */
public record Output(byte[] head, long totalBytes, String sha256) {

  public Output {
    head = head.clone();
  }

  @Override
  public byte[] head() {
    return head.clone();
  }

  /** True when more bytes were produced than kept. */
  public boolean truncated() {
    return totalBytes > head.length;
  }

  /** The kept bytes as text (invalid UTF-8 replaced), with a marker when output was cut. */
  public String text() {
    String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
    if (!truncated()) {
      return text;
    }
    return text + (text.endsWith("\n") ? "" : "\n")
        + "[steady: output truncated, " + (totalBytes - head.length) + " more bytes not shown; raise --max-output]\n";
  }
}
