package dev.steady.cli;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The size of the terminal a live view draws on, kept current across resizes.
 *
 * <p>The size is read with {@code stty size </dev/tty} (the kernel's own window size of the
 * controlling terminal; {@code $COLUMNS} is neither exported nor updated by most shells). Reading
 * forks a process, so it is done once at the start and again only after the terminal said it was
 * resized: a SIGWINCH handler (through {@code sun.misc.Signal}, in the JDK's exported
 * {@code jdk.unsupported} module) only marks the size stale. Re-reading it on every redraw would
 * fork once per row change, hundreds of times a second in a large restart. Where the handler
 * cannot be installed, the size is re-read at most once a second instead.
 */
final class Screen {

  /** Columns and lines of a terminal. */
  record Size(int columns, int lines) {}

  private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static volatile boolean stale = true;
  private static boolean watching;
  private static Size size;
  private static long readAt;

  private Screen() {}

  /** The terminal's size now; {@code fallback} when it cannot be read. */
  static synchronized Size size(Size fallback) {
    boolean poll = !watching && System.nanoTime() - readAt > POLL_NANOS;
    if (stale || poll || size == null) {
      stale = false;
      readAt = System.nanoTime();
      Size read = read();
      size = read != null ? read : size != null ? size : fallback;
    }
    return size;
  }

  /** Starts listening for SIGWINCH (once per process); false when this JVM cannot. */
  static synchronized boolean watchResizes() {
    if (watching) {
      return true;
    }
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler onSignal = (proxy, method, args) -> {
        if (method.getName().equals("handle")) {
          stale = true;
        }
        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method.getName(), args) : null;
      };
      Object h = Proxy.newProxyInstance(Screen.class.getClassLoader(), new Class<?>[] {handler}, onSignal);
      signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("WINCH"), h);
      watching = true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      watching = false; // no such signal here, or the JVM keeps it: poll instead
    }
    return watching;
  }

  private static Object objectMethod(Object proxy, String name, Object[] args) {
    return switch (name) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "SIGWINCH handler";
    };
  }

  /** {@code stty size} of the controlling terminal: "LINES COLUMNS", or null. */
  private static Size read() {
    try {
      Process p = new ProcessBuilder("sh", "-c", "stty size </dev/tty 2>/dev/null").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      String[] parts = out.split("\\s+");
      int lines = Integer.parseInt(parts[0]);
      int columns = Integer.parseInt(parts[1]);
      return columns > 0 && lines > 0 ? new Size(columns, lines) : null;
    } catch (IOException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
