package dev.steady.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code steady --version}. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"steady " + (version == null ? "development build" : version),
        "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
  }
}
