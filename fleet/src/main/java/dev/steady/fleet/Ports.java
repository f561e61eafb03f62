package dev.steady.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free TCP ports on 127.0.0.1, never the same one twice in this JVM. */
final class Ports {

  private static final Set<Integer> handedOut = new HashSet<>();

  private Ports() {}

  /** A port that was free a moment ago; the caller retries with another if binding fails. */
  static synchronized int next() throws IOException {
    while (true) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      if (handedOut.add(port)) {
        return port;
      }
    }
  }

  static synchronized void release(int port) {
    handedOut.remove(port);
  }
}
