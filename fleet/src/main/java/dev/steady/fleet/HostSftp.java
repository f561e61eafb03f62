package dev.steady.fleet;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * SFTP on the real file system whose relative paths start in the host's root, as OpenSSH's
 * start in the user's home (MINA would otherwise start them in this JVM's working directory).
 */
final class HostSftp extends SftpSubsystemFactory {

  private final Path root;

  HostSftp(Path root) {
    this.root = root;
  }

  @Override
  public Command createSubsystem(ChannelSession channel) throws IOException {
    return new Subsystem(channel, this, root);
  }

  private static final class Subsystem extends SftpSubsystem {
    Subsystem(ChannelSession channel, SftpSubsystemFactory factory, Path root) {
      super(channel, factory);
      defaultDir = root;
    }
  }
}
