package dev.steady.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one way the console puts text into a page: {@link #esc} escapes every dynamic string (host
 * names, file names, command output, user names), and the layout wraps a page body with the shared
 * head, navigation and the session's CSRF token for the small script.
 */
final class Html {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Html() {}

  /** Text made safe for element content and quoted attribute values; control characters become {@code \xNN}. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '`' -> out.append("&#96;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A time for people, or a dash. */
  static String time(Instant at) {
    return at == null ? "–" : TIME.format(at);
  }

  /** Bytes in powers of 1024, e.g. {@code 1.4 GiB}. */
  static String bytes(long n) {
    return dev.steady.plan.Bytes.human(n);
  }

  /** A count with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The first 12 characters of a plan id, as the CLI shows it. */
  static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  /** A whole page: the shared head, the navigation for {@code session} (null on the login page), {@code body}. */
  static String page(String title, Session session, String body) {
    StringBuilder b = new StringBuilder(body.length() + 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(esc(title)).append(" · steady</title>")
        .append("<link rel=\"stylesheet\" href=\"/static/console.css\">");
    if (session != null) {
      b.append("<meta name=\"csrf-token\" content=\"").append(esc(session.csrf())).append("\">")
          .append("<script src=\"/static/console.js\" defer></script>");
    }
    b.append("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a>");
    b.append("<header class=\"top\"><a class=\"brand\" href=\"/\">steady</a>");
    if (session != null) {
      b.append("<nav aria-label=\"main\"><a href=\"/\">Fleet</a><a href=\"/runs\">Runs</a><a href=\"/plans\">Plans</a>")
          .append("<a href=\"/restart\">Restart</a><a href=\"/cleanup\">Plan a cleanup</a></nav>")
          .append("<form class=\"logout\" method=\"post\" action=\"/logout\">").append(csrfField(session))
          .append("<span class=\"who\">").append(esc(session.user())).append(" (").append(esc(session.role().label())).append(")</span>")
          .append("<button type=\"submit\">Log out</button></form>");
    }
    b.append("</header><main id=\"main\">").append(body).append("</main></body></html>\n");
    return b.toString();
  }

  /**
   * A submit button the user may use, or one shown disabled with the reason beside it ({@code
   * whyNot}, as core or the role check says it): never offered, then refused.
   */
  static String button(String id, String cls, String label, java.util.Optional<String> whyNot) {
    StringBuilder b = new StringBuilder("<button type=\"submit\" id=\"").append(id).append('"');
    if (cls != null) {
      b.append(" class=\"").append(cls).append('"');
    }
    if (whyNot.isPresent()) {
      b.append(" disabled aria-describedby=\"").append(id).append("-why\"");
    }
    b.append('>').append(esc(label)).append("</button>");
    b.append("<span class=\"why\" id=\"").append(id).append("-why\"").append(whyNot.isPresent() ? "" : " hidden").append('>')
        .append(esc(whyNot.orElse(""))).append("</span>");
    return b.toString();
  }

  /** The hidden CSRF field every state-changing form carries. */
  static String csrfField(Session session) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrf()) + "\">";
  }

  /** A notice box: kind is ok, bad or info (colour plus the text itself says which). */
  static String notice(String kind, String text) {
    return "<p class=\"notice " + kind + "\" role=\"" + ("bad".equals(kind) ? "alert" : "status") + "\">" + esc(text) + "</p>";
  }

  /** A production/staging/other badge: the colour and the environment as text. */
  static String env(String env) {
    String kind = "production".equals(env) ? "prod" : "staging".equals(env) ? "staging" : "other";
    return "<span class=\"env " + kind + "\">" + esc(env) + "</span>";
  }
}
