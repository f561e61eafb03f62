package dev.steady.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Byte-exact file system work for {@link CleanupProperties}. File names are bytes, and some of the
 * names built here are not UTF-8, which Java's file API cannot express; so every path is a "byte
 * string" (an ISO-8859-1 {@link String}, one char per byte) and the work is done by perl (creating,
 * mutating) and GNU find (snapshots), never by {@code java.nio.file}.
 */
final class RandomTree {

  private RandomTree() {}

  /** {@code text} as the byte string of its UTF-8 encoding. */
  static String utf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static String of(byte[] raw) {
    return new String(raw, StandardCharsets.ISO_8859_1);
  }

  static byte[] raw(String byteString) {
    return byteString.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A byte string for messages: UTF-8 where valid, {@code \xNN} elsewhere, control characters escaped. */
  static String show(String byteString) {
    return FileEntry.display(raw(byteString)).replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }

  /** {@code nanos} since the epoch as {@code SEC.NNNNNNNNN} (what {@code touch -d @…} takes). */
  static String stamp(long nanos) {
    return Math.floorDiv(nanos, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(nanos, 1_000_000_000L));
  }

  private static final String PERL = """
      use strict; use warnings; use Time::HiRes ();
      binmode STDIN;
      sub h { pack 'H*', $_[0] }
      sub put { my ($p, $n) = @_; open my $f, '>:raw', $p or die "open: $!\\n"; print $f 'x' x $n; close $f or die "close: $!\\n" }
      sub stamp { my ($p, $t) = @_; system('touch', '-m', '-d', "\\@$t", '--', $p) == 0 or die "touch failed\\n" }
      while (my $l = <STDIN>) {
          chomp $l;
          my ($op, @a) = split / /, $l, -1;
          if ($op eq 'dir') { mkdir h($a[0]) or die "mkdir: $!\\n" }
          elsif ($op eq 'file') { my $p = h($a[0]); put($p, $a[1]); Time::HiRes::utime($a[2], $a[2], $p) or die "utime: $! in $l\\n" }
          elsif ($op eq 'exact') { my $p = h($a[0]); put($p, $a[1]); stamp($p, $a[2]) }
          elsif ($op eq 'link') { symlink h($a[0]), h($a[1]) or die "symlink: $!\\n" }
          elsif ($op eq 'append') { my $p = h($a[0]); open my $f, '>>:raw', $p or die "open: $!\\n"; print $f 'g' x $a[1]; close $f or die; stamp($p, $a[2]) }
          elsif ($op eq 'truncate') { my $p = h($a[0]); truncate $p, $a[1] or die "truncate: $!\\n"; stamp($p, $a[2]) }
          elsif ($op eq 'stamp') { stamp(h($a[0]), $a[1]) }
          elsif ($op eq 'replace') { my ($p, $t) = (h($a[0]), h($a[3])); put($t, $a[1]); stamp($t, $a[2]); rename $t, $p or die "rename: $!\\n" }
          elsif ($op eq 'hardlink') { link h($a[0]), h($a[1]) or die "link: $!\n" }
          elsif ($op eq 'rm') { unlink h($a[0]) or die "unlink: $!\\n" }
          elsif ($op eq 'swap') { my ($d, $x) = (h($a[0]), h($a[1])); rename $d, $x or die "rename: $!\\n"; symlink $x, $d or die "symlink: $!\\n" }
          else { die "unknown op $op\\n" }
      }
      """;

  /** A time argument for perl: written as text, not hex like paths. */
  private record At(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  private static At at(long nanos) {
    return new At(stamp(nanos));
  }

  /** A batch of file system operations, run in order by one perl process. */
  static final class Ops {
    private final StringBuilder lines = new StringBuilder();

    private Ops add(String op, Object... args) {
      lines.append(op);
      for (Object a : args) {
        lines.append(' ').append(a instanceof String s ? HexFormat.of().formatHex(raw(s)) : a.toString());
      }
      lines.append('\n');
      return this;
    }

    Ops dir(String path) {
      return add("dir", path);
    }

    /**
     * A file of {@code size} bytes, mtime about {@code mtimeNanos} (to the microsecond, set through a
     * double, so read it back; a fraction a hair below a second would be rounded to an invalid 1e9 ns).
     */
    Ops file(String path, int size, long mtimeNanos) {
      return add("file", path, size, at(Math.floorDiv(mtimeNanos, 1000) * 1000));
    }

    /** A file of {@code size} bytes with exactly this mtime. */
    Ops exactFile(String path, long size, long mtimeNanos) {
      return add("exact", path, size, at(mtimeNanos));
    }

    Ops link(String target, String path) {
      return add("link", target, path);
    }

    /** Appends {@code n} bytes, then puts the mtime back exactly. */
    Ops append(String path, int n, long mtimeNanos) {
      return add("append", path, n, at(mtimeNanos));
    }

    /** Truncates to {@code size}, then puts the mtime back exactly. */
    Ops truncate(String path, long size, long mtimeNanos) {
      return add("truncate", path, size, at(mtimeNanos));
    }

    Ops touch(String path, long mtimeNanos) {
      return add("stamp", path, at(mtimeNanos));
    }

    /** A new inode of the same size and exact mtime, built at {@code tmp} and renamed over {@code path}. */
    Ops replace(String path, long size, long mtimeNanos, String tmp) {
      return add("replace", path, size, at(mtimeNanos), tmp);
    }

    /** A second name {@code path} for the file {@code existing} (same inode). */
    Ops hardLink(String existing, String path) {
      return add("hardlink", existing, path);
    }

    Ops remove(String path) {
      return add("rm", path);
    }

    /** Moves directory {@code dir} to {@code aside} and leaves a symbolic link to it in its place. */
    Ops swap(String dir, String aside) {
      return add("swap", dir, aside);
    }

    void run() throws IOException {
      if (lines.isEmpty()) {
        return;
      }
      Process p = new ProcessBuilder("perl", "-e", PERL).redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IOException("perl file ops failed: " + out);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }

  /**
   * One entry of a snapshot. Directories keep only type and inode (their mtime and size move with
   * their entries).
   *
   * @param type find's %y: f, d, l…
   * @param link a symbolic link's target, else empty
   */
  record Entry(char type, long inode, long size, long mtimeNanos, long dev, String link) {
    Entry identity() {
      return type == 'd' ? new Entry(type, inode, 0, 0, dev, "") : this;
    }

    @Override
    public String toString() {
      return type + " ino " + inode + (type == 'd' ? "" : " size " + size + " mtime " + stamp(mtimeNanos))
          + (link.isEmpty() ? "" : " -> " + show(link));
    }
  }

  /** Every entry under {@code dir} (itself included), by byte-string path, links not followed. */
  static Map<String, Entry> snapshot(String dir) throws IOException {
    Process p = new ProcessBuilder("find", "-P", dir, "-printf", "%y\\0%i\\0%s\\0%T@\\0%D\\0%l\\0%p\\0").start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = of(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("find " + dir + " failed: " + new String(err.join(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    String[] f = out.split("\0", -1);
    Map<String, Entry> m = new LinkedHashMap<>();
    for (int i = 0; i + 7 <= f.length; i += 7) {
      m.put(f[i + 6], new Entry(f[i].charAt(0), Long.parseLong(f[i + 1]), Long.parseLong(f[i + 2]), nanos(f[i + 3]),
          Long.parseLong(f[i + 4]), f[i + 5]));
    }
    return m;
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** find's %T@ ("1700000000.1234567890") as nanoseconds. */
  static long nanos(String t) {
    int dot = t.indexOf('.');
    if (dot < 0) {
      return Long.parseLong(t) * 1_000_000_000L;
    }
    String frac = (t.substring(dot + 1) + "000000000").substring(0, 9);
    return Long.parseLong(t.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
  }

  /**
   * fnmatch(3) with no flags over byte strings, as GNU find's {@code -name} uses it in the C locale:
   * {@code *}, {@code ?}, {@code [...]} (with {@code !}/{@code ^} and ranges), backslash escapes; a
   * {@code [} without its {@code ]} is literal. Leading dots are not special.
   */
  static boolean globMatches(String glob, String name) {
    return match(glob, 0, name, 0);
  }

  /** Any of {@code globs} (UTF-8 text) matches the byte-string {@code name}. */
  static boolean anyMatches(List<String> globs, String name) {
    return globs.stream().anyMatch(g -> globMatches(utf8(g), name));
  }

  private static boolean match(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = si; k <= s.length(); k++) {
          if (match(p, pi, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (c == '?') {
        if (si >= s.length()) {
          return false;
        }
        pi++;
        si++;
        continue;
      }
      if (c == '[') {
        int end = bracketEnd(p, pi);
        if (end > 0) {
          if (si >= s.length() || !inBracket(p, pi + 1, end, s.charAt(si))) {
            return false;
          }
          pi = end + 1;
          si++;
          continue;
        }
      }
      if (c == '\\' && pi + 1 < p.length()) {
        pi++;
        c = p.charAt(pi);
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  /** Index of the {@code ]} closing the bracket opened at {@code open}, or -1. */
  private static int bracketEnd(String p, int open) {
    int i = open + 1;
    if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++;
    }
    for (; i < p.length(); i++) {
      if (p.charAt(i) == '\\') {
        i++;
      } else if (p.charAt(i) == ']') {
        return i;
      }
    }
    return -1;
  }

  private static boolean inBracket(String p, int from, int end, char c) {
    boolean negate = p.charAt(from) == '!' || p.charAt(from) == '^';
    int i = negate ? from + 1 : from;
    boolean found = false;
    boolean first = true;
    while (i < end) {
      char lo = p.charAt(i);
      if (lo == '\\' && i + 1 < end) {
        lo = p.charAt(++i);
      } else if (lo == ']' && !first) {
        break;
      }
      first = false;
      if (i + 2 < end && p.charAt(i + 1) == '-') {
        char hi = p.charAt(i + 2);
        if (hi == '\\' && i + 3 < end) {
          hi = p.charAt(i + 3);
          i++;
        }
        found |= lo <= c && c <= hi;
        i += 3;
      } else {
        found |= lo == c;
        i++;
      }
    }
    return found != negate;
  }
}
