package dev.steady.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 in front of a server, to make it unreachable at will: {@link #cut()}
 * closes every connection and stops listening (clients get resets, then refusals), {@link
 * #restore()} listens again on the same port.
 */
final class TcpProxy implements AutoCloseable {

  private final int target;
  private final List<Socket> open = new ArrayList<>();
  private ServerSocket server;
  private int port;

  TcpProxy(int target) throws IOException {
    this.target = target;
    listen(0);
  }

  int port() {
    return port;
  }

  synchronized void cut() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  synchronized void restore() throws IOException {
    listen(port);
  }

  private synchronized void listen(int on) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
    server = s;
    port = s.getLocalPort();
    Thread.ofPlatform().daemon().name("proxy-accept").start(() -> accept(s));
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        synchronized (this) {
          open.add(client);
          open.add(upstream);
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed by cut(), or the client went away
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread.ofPlatform().daemon().name("proxy-pump").start(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException e) {
          // already closed
        }
      }
    });
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
