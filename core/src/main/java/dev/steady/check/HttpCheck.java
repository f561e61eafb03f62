package dev.steady.check;

/**
 * Passes when a GET of {@code url}, made from the target host, answers {@code expectStatus} and,
 * when {@code bodyContains} is not null, a body containing that text.
 */
public record HttpCheck(String url, int expectStatus, String bodyContains) implements Check {

  /** The status expected when a spec does not say. */
  public static final int DEFAULT_STATUS = 200;

  public HttpCheck {
    if (url == null || !Text.isHttpUrl(url)) {
      throw new IllegalArgumentException("HTTP check URL must be http:// or https:// without spaces: " + url);
    }
    if (expectStatus < 100 || expectStatus > 599) {
      throw new IllegalArgumentException("HTTP check status must be 100-599: " + expectStatus);
    }
    if (bodyContains != null && (bodyContains.isEmpty() || bodyContains.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("HTTP check body text must be non-empty, without NUL");
    }
  }

  @Override
  public String describe() {
    String body = bodyContains == null ? "" : " with a body containing '" + Text.printable(bodyContains) + "'";
    return "GET " + Text.printable(url) + " answers " + expectStatus + body + " (from the host)";
  }

  @Override
  public String spec() {
    String status = expectStatus == DEFAULT_STATUS ? "" : " status=" + expectStatus;
    return url + status + (bodyContains == null ? "" : " contains=" + bodyContains);
  }
}
