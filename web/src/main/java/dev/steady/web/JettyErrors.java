package dev.steady.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before the console's routes see the request. A request whose path cannot
 * even be resolved (an encoded dot segment climbing above the root, {@code /plans/%2e%2e/%2e%2e/etc})
 * is answered 404 like any unknown page; every such answer carries the console's security headers
 * and never a stack trace.
 */
final class JettyErrors extends ErrorHandler {

  JettyErrors() {
    setShowStacks(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
    int status = code == 400 ? 404 : code;
    String title = status == 404 ? "Not found" : "Error " + status;
    String page = Html.page(title, null, "<h1>" + Html.esc(title) + "</h1>" + Html.notice("bad", status == 404 ? "no such page" : "the request failed")
        + "<p><a href=\"/\">Back to the fleet</a></p>");
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    Access.headers((name, value) -> response.getHeaders().put(name, value));
    response.write(true, ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
