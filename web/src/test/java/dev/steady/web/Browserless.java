package dev.steady.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-less client of a {@link TestConsole}: plain HTTP, no redirects followed, the session cookie kept by hand. */
final class Browserless {

  private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private final TestConsole console;
  String session;
  String csrf;

  Browserless(TestConsole console) {
    this.console = console;
  }

  /** Logs in as {@code user}; afterwards every request carries the session cookie and knows the CSRF token. */
  Browserless login(String user) throws Exception {
    HttpResponse<String> r = postForm("/login", Map.of("name", user, "password", TestConsole.PASSWORD), false);
    if (r.statusCode() != 303) {
      throw new IllegalStateException("login of " + user + " answered " + r.statusCode());
    }
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    Matcher m = CSRF.matcher(get("/").body());
    csrf = m.find() ? m.group(1) : null;
    return this;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  HttpResponse<String> raw(String rawPath) throws IOException, InterruptedException {
    return send(request(rawPath).GET().build());
  }

  /** POST with the CSRF token when {@code withCsrf} (and a session). */
  HttpResponse<String> postForm(String path, Map<String, String> form, boolean withCsrf) throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(form);
    if (withCsrf && csrf != null) {
      all.put("csrf", csrf);
    }
    String body = all.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return postForm(path, Map.of(), true);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url(path))).timeout(Duration.ofSeconds(30));
    if (session != null) {
      b.header("Cookie", Access.COOKIE + "=" + session);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
