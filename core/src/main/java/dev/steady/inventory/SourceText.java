package dev.steady.inventory;

import dev.steady.failure.SteadyException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The text of an input file, with the short name its error messages cite as {@code name:line}. */
record SourceText(Path path, String name, String text) {

  /** How an Ansible Vault file starts. */
  static final String VAULT = "$ANSIBLE_VAULT;";

  static SourceText readInventory(Path path) {
    if (!Files.exists(path)) {
      throw SteadyException.badInput(
          "inventory not found: " + path + "; pass --inventory FILE or create ./inventory.yaml");
    }
    return read(path, "inventory");
  }

  static SourceText read(Path path, String what) {
    return read(path, what, nameOf(path));
  }

  /** The file, cited in messages as {@code name}. */
  static SourceText read(Path path, String what, String name) {
    try {
      return new SourceText(path, name, Files.readString(path));
    } catch (CharacterCodingException e) {
      throw SteadyException.badInput(
          "cannot read " + what + " " + path + ": not UTF-8 text; save it as UTF-8", e);
    } catch (AccessDeniedException e) {
      throw SteadyException.badInput(
          "cannot read " + what + " " + path + ": permission denied; check its permissions", e);
    } catch (NoSuchFileException e) {
      throw SteadyException.badInput(what + " not found: " + path + "; check the path", e);
    } catch (IOException e) {
      throw SteadyException.badInput(
          "cannot read " + what + " " + path + " (" + e.getMessage() + "); check the file", e);
    }
  }

  private static String nameOf(Path path) {
    Path file = path.getFileName();
    return file == null ? path.toString() : file.toString();
  }

  /** {@code name:line}, what a host's {@code source} records. */
  String at(int line) {
    return name + ":" + line;
  }

  /** A bad-input failure about one line of this file. */
  SteadyException error(int line, String message) {
    return SteadyException.badInput(at(line) + ": " + message);
  }
}
