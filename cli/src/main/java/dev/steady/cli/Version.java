package dev.steady.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version printed by {@code steady --version}: the release and the git commit it was built from,
 * both written into {@code version.properties} by the build (a build outside a git checkout says so).
 */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"steady " + version() + " (commit " + commit() + ")",
        "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
  }

  static String version() {
    return built().getProperty("version", "development build");
  }

  static String commit() {
    return built().getProperty("commit", "unknown: not built by Maven");
  }

  private static Properties built() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no version file: the defaults say so
    }
    return p;
  }
}
