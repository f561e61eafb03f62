package dev.steady.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.plan.FileEntry;
import dev.steady.plan.PlannedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte-level fast paths of {@link Field} and {@link PlanFeed#encode} agree with the String-based parsing they replace. */
class FieldAndFeedEncodingTest {

  private static Field field(String text) throws IOException {
    Field f = new Field();
    byte[] b = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(f.take(b, 0, b.length)).isEqualTo(b.length);
    return f;
  }

  @Test
  void timestamp_matchesTheStringParser() throws IOException {
    for (String t : new String[] {"1700000000.1234567890", "1700000000.0000000000", "1700000000", "-2.5000000000", "0.0000000010",
        "1.", "1.5", "+5.0", "8999999999.9999999999", "9223372035.0000000000", "1700000000.12345678901234"}) {
      assertThat(field(t).timestamp()).as(t).isEqualTo(ListingParser.nanos(t));
    }
    for (String bad : new String[] {"17e8", "-.5", ".5", "1.2x", "", "-", "99999999999999999999.0"}) {
      assertThatThrownBy(() -> field(bad).timestamp()).as(bad).isInstanceOf(IOException.class);
    }
  }

  @Test
  void numbers_matchLongParsing() throws IOException {
    for (String n : new String[] {"0", "7", "-7", "123456789012345678", "9223372036854775807", "-9223372036854775808", "+5", "007"}) {
      assertThat(field(n).number()).as(n).isEqualTo(Long.parseLong(n));
    }
    for (String u : new String[] {"0", "18446744073709551615", "9223372036854775808", "123"}) {
      assertThat(field(u).unsigned()).as(u).isEqualTo(Long.parseUnsignedLong(u));
    }
    for (String bad : new String[] {"", "-", "1a", "99999999999999999999"}) {
      assertThatThrownBy(() -> field(bad).number()).as(bad).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> field("-1").unsigned()).isInstanceOf(IOException.class);
    assertThat(field("42").isDecimal(42)).isTrue();
    assertThat(field("042").isDecimal(42)).isFalse();
    assertThat(field("0").isDecimal(0)).isTrue();
    assertThat(field("").isDecimal(0)).isFalse();
    assertThat(field("D").single()).isEqualTo('D');
    assertThat(field("DS").single()).isEqualTo(-1);
  }

  @Test
  void encode_writesTheSameRecordAsDecimalStrings() {
    long[][] cases = {{1, 0, 0, 0, 0}, {42, 3072, 1_700_000_000_123_456_789L, 123456, 45},
        {Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -1, Long.MIN_VALUE}, {7, 5, -1_500_000_000L, 10, 2049}};
    for (long[] c : cases) {
      byte[] path = "/srv/app/x y\u00e9".getBytes(StandardCharsets.UTF_8);
      PlannedFile p = new PlannedFile(c[0], new FileEntry(path, c[1], c[2], c[3], c[4]));
      String expected = c[0] + "\0" + c[1] + "\0" + c[2] + "\0" + Long.toUnsignedString(c[3]) + "\0" + Long.toUnsignedString(c[4]) + "\0"
          + new String(path, StandardCharsets.ISO_8859_1) + "\0";
      assertThat(new String(PlanFeed.encode(p), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }
    PlannedFile nul = new PlannedFile(3, new FileEntry("/a\0b".getBytes(StandardCharsets.UTF_8), 1, 2, 3, 4));
    assertThat(new String(PlanFeed.encode(nul), StandardCharsets.ISO_8859_1)).isEqualTo("3\0" + "1\0" + "2\0" + "3\0" + "4\0\0");
  }
}
