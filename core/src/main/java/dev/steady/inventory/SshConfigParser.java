package dev.steady.inventory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an ssh config into directives: {@code Host} and {@code Match} blocks become conditions
 * (judged per host when the config is resolved), {@code Include} is followed relative to the
 * config's folder.
 */
final class SshConfigParser {

  private static final int MAX_INCLUDE_DEPTH = 16;

  private final Path baseDir;
  private final List<SshDirective> directives = new ArrayList<>();
  private final Map<String, String> aliases = new LinkedHashMap<>();

  private SshConfigParser(Path baseDir) {
    this.baseDir = baseDir;
  }

  static SshConfig parse(SourceText file) {
    Path parent = file.path().toAbsolutePath().getParent();
    SshConfigParser parser = new SshConfigParser(parent);
    parser.read(file, SshCondition.ALWAYS, 0);
    return new SshConfig(parser.directives, parser.aliases);
  }

  private void read(SourceText file, SshCondition outer, int depth) {
    SshCondition block = outer;
    String[] lines = file.text().split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      block = line(file, lines[i].strip(), i + 1, outer, block, depth);
    }
  }

  /** Handles one line and returns the condition for the lines after it. */
  private SshCondition line(SourceText file, String line, int no, SshCondition outer, SshCondition block, int depth) {
    if (line.isEmpty() || line.startsWith("#")) {
      return block;
    }
    int end = 0;
    while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && line.charAt(end) != '=') {
      end++;
    }
    String keyword = line.substring(0, end).toLowerCase(Locale.ROOT);
    String rest = line.substring(end).strip();
    rest = rest.startsWith("=") ? rest.substring(1).strip() : rest;
    List<String> args = IniTokens.split(rest, file, no);
    switch (keyword) {
      case "host" -> {
        args.stream().filter(SshHostPatterns::isLiteral).forEach(a -> aliases.putIfAbsent(a, file.at(no)));
        return and(outer, new SshHostPatterns(args));
      }
      case "match" -> {
        SshMatch match = SshMatch.parse(args, file, no);
        // a block steady cannot judge is remembered as a directive of its own: the resolution refuses the hosts it may apply to
        directives.add(new SshDirective("match", args, rest, and(outer, match), file, no));
        return and(outer, match);
      }
      case "include" -> include(file, args, no, block, depth);
      default -> directives.add(new SshDirective(keyword, args, rest, block, file, no));
    }
    return block;
  }

  private static SshCondition and(SshCondition outer, SshCondition inner) {
    return outer == SshCondition.ALWAYS ? inner : outer.and(inner);
  }

  private void include(SourceText file, List<String> args, int no, SshCondition block, int depth) {
    if (depth >= MAX_INCLUDE_DEPTH) {
      throw file.error(no, "Include nested deeper than " + MAX_INCLUDE_DEPTH
          + " files; check for a file that includes itself");
    }
    for (String arg : args) {
      for (Path included : expand(arg)) {
        read(SourceText.read(included, "ssh config"), block, depth + 1);
      }
    }
  }

  /** The files an Include argument names, sorted; missing files are silently skipped, as ssh does. */
  private List<Path> expand(String arg) {
    Path path = Path.of(SshResolution.tilde(arg));
    Path full = path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path);
    String name = full.getFileName() == null ? "" : full.getFileName().toString();
    List<Path> files = new ArrayList<>();
    if (!Glob.isGlob(name)) {
      if (Files.isRegularFile(full)) {
        files.add(full);
      }
      return files;
    }
    Path dir = full.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name)) {
      stream.forEach(p -> {
        if (Files.isRegularFile(p)) {
          files.add(p);
        }
      });
    } catch (IOException | IllegalArgumentException e) {
      return files;
    }
    files.sort(null);
    return files;
  }
}
