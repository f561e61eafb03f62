package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.plan.FileEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The push parser of find's listing, fed in every possible split. */
@Timeout(30)
class ListingParserTest {

  static byte[] stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("T1700000000\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes("M12\0001699999999.1234567890\00018446744073709551615\00065024\0/r/a\nb\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes("xxnyzsbo".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes("L/r/link\0U/r/closed\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(new byte[] {'M', '0', 0, '-', '2', '.', '5', '0', 0, '7', 0, '1', 0, '/', 'r', '/', (byte) 0xff, 0});
    return out.toByteArray();
  }

  @Test
  void parser_readsEveryRecord_whateverTheChunking() throws IOException {
    byte[] all = stream();
    for (int split = 0; split <= all.length; split++) {
      List<FileEntry> files = new ArrayList<>();
      ListingTally tally = new ListingTally();
      ListingParser parser = new ListingParser(files::add, tally);
      parser.write(all, 0, split);
      for (int i = split; i < all.length; i++) {
        parser.write(all[i]);
      }

      assertThat(parser.complete()).isTrue();
      assertThat(files).containsExactly(
          new FileEntry("/r/a\nb".getBytes(StandardCharsets.UTF_8), 12, 1_699_999_999_123_456_789L, -1L, 65024),
          new FileEntry(new byte[] {'/', 'r', '/', (byte) 0xff}, 0, -1_500_000_000L, 7, 1));
      Listing l = tally.listing("/r", new DiskSpace(1, 2));
      assertThat(l.totalFiles()).isEqualTo(9);
      assertThat(l.excluded()).containsExactly(Map.entry("matches --exclude", 2L), Map.entry("does not match --name", 1L),
          Map.entry("newer than --older-than", 1L), Map.entry("older than --newer-than", 1L),
          Map.entry("smaller than --min-size", 1L), Map.entry("larger than --max-size", 1L));
      assertThat(l.skipped()).containsExactly(Map.entry("other file type", 1L), Map.entry("symbolic link", 1L),
          Map.entry("unreadable", 1L));
      assertThat(l.skippedSample()).containsExactly("/r/link", "/r/closed");
      assertThat(l.evaluatedAt().getEpochSecond()).isEqualTo(1_700_000_000L);
    }
  }

  @Test
  void blocksRecord_givesEachFileItsAllocatedSpace_whateverTheChunking() throws IOException {
    byte[] all = ("T1700000000\0B1073741824\0000\0001699999999.5000000000\00042\0007\0/r/sparse\0"
        + "B10\0008\0001699999999.0000000000\00043\0007\0/r/small\0").getBytes(StandardCharsets.ISO_8859_1);
    for (int split = 0; split <= all.length; split++) {
      List<FileEntry> files = new ArrayList<>();
      ListingParser parser = new ListingParser(files::add, new ListingTally());
      parser.write(all, 0, split);
      parser.write(all, split, all.length - split);

      assertThat(parser.complete()).isTrue();
      assertThat(files).extracting(FileEntry::size, FileEntry::allocated, FileEntry::inode)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1L << 30, 0L, 42L), org.assertj.core.groups.Tuple.tuple(10L, 4096L, 43L));
      assertThat(files.get(0).mtimeNanos()).isEqualTo(1_699_999_999_500_000_000L);
    }
  }

  @Test
  void parser_seesAStreamCutInsideARecord() throws IOException {
    byte[] all = stream();
    ListingParser parser = new ListingParser(f -> {}, new ListingTally());
    parser.write(all, 0, all.length - 1);
    assertThat(parser.complete()).isFalse();
  }

  @Test
  void parser_refusesUnknownCodesAndOverlongFields() {
    assertThatThrownBy(() -> new ListingParser(f -> {}, new ListingTally()).write('?')).isInstanceOf(IOException.class);
    byte[] huge = new byte[Field.MAX + 2];
    huge[0] = 'L';
    java.util.Arrays.fill(huge, 1, huge.length, (byte) 'a');
    assertThatThrownBy(() -> new ListingParser(f -> {}, new ListingTally()).write(huge)).isInstanceOf(IOException.class);
  }

  @Test
  void nanos_readsFindTimestamps() throws IOException {
    assertThat(ListingParser.nanos("1700000000.1234567890")).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(ListingParser.nanos("1700000000.0000000000")).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(ListingParser.nanos("1700000000")).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(ListingParser.nanos("-2.5000000000")).isEqualTo(-1_500_000_000L);
    assertThatThrownBy(() -> ListingParser.nanos("17e8")).isInstanceOf(IOException.class);
  }

  @Test
  void diskSpace_readsDfLines_evenWithSpacesInNames() throws IOException {
    assertThat(DiskSpace.parse("h", "/", "/dev/vda 270553174016 23958556672 84985430016  22% /\n"))
        .isEqualTo(new DiskSpace(84985430016L, 270553174016L));
    assertThat(DiskSpace.parse("h", "/", "my fs 1000 400 600 40% /mnt/a b"))
        .isEqualTo(new DiskSpace(600, 1000));
    assertThatThrownBy(() -> DiskSpace.parse("web-01", "/x", "df: /x: No such file")).hasMessageStartingWith("web-01: ");
  }
}
