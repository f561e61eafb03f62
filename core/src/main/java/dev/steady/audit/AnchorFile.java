package dev.steady.audit;

import dev.steady.failure.SteadyException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An append-only file of signed checkpoints, one {@link AnchorLine} per line, outside the store:
 * what lets {@code audit verify} find a log rewritten by someone with store access (invariant 6).
 * Several steady processes of one controller share it: each line is one write with {@code
 * O_APPEND}, so lines never interleave. Blank lines and lines starting with {@code #} are notes.
 */
public final class AnchorFile {

  private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.APPEND);

  private final Path path;

  public AnchorFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /**
   * Appends {@code line} in one write (the file and its directory are made when missing).
   *
   * @throws SteadyException bad input when the file cannot be written, naming it
   */
  public void append(AnchorLine line) {
    ByteBuffer bytes = ByteBuffer.wrap((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      Path dir = path.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (FileChannel channel = open()) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
    } catch (IOException e) {
      throw SteadyException.badInput("cannot append a checkpoint to anchor file " + path + " (" + why(e)
          + "); check that it and its directory are writable", e);
    }
  }

  private FileChannel open() throws IOException {
    try {
      FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));
      return FileChannel.open(path, APPEND, mode);
    } catch (UnsupportedOperationException notPosix) {
      return FileChannel.open(path, APPEND);
    }
  }

  /**
   * Every checkpoint in the file. A missing file holds none, unless {@code required}.
   *
   * @param required the user named this file: it must exist, and a store without a checkpoint in it
   *     fails verification
   * @throws SteadyException bad input for an unreadable file or a malformed line, naming the file,
   *     the line and the fix
   */
  public Anchors read(boolean required) {
    List<AnchorLine> lines = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        number++;
        if (!text.isBlank() && !text.startsWith("#")) {
          lines.add(parse(text, number));
        }
      }
    } catch (NoSuchFileException e) {
      if (required) {
        throw SteadyException.badInput("anchor file " + path + " does not exist; check --anchor", e);
      }
    } catch (CharacterCodingException e) {
      throw SteadyException.badInput("anchor file " + path + " is not UTF-8 text; point --anchor at a file of checkpoint lines", e);
    } catch (IOException e) {
      throw SteadyException.badInput("cannot read anchor file " + path + " (" + why(e) + "); check its permissions", e);
    }
    return new Anchors(path, lines, required);
  }

  private AnchorLine parse(String text, int number) {
    try {
      return AnchorLine.parse(text, number);
    } catch (IllegalArgumentException e) {
      throw SteadyException.badInput("anchor file " + path + " line " + number + " is not a checkpoint (" + e.getMessage()
          + "); fix or delete that line (each line is one `steady audit head --json` output)", e);
    }
  }

  /** An I/O failure in a few words: its kind and what it names. */
  static String why(IOException e) {
    String kind = e.getClass().getSimpleName().replaceAll("Exception$", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
  }
}
