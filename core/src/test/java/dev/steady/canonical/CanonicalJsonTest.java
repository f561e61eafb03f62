package dev.steady.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CanonicalJsonTest {

  @Test
  void write_sortsKeysAtEveryLevel_withoutWhitespace() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", Arrays.asList(true, null, "x"));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("b", inner);
    outer.put("a", "é<>&'\"\n");

    assertThat(CanonicalJson.write(outer))
        .isEqualTo("{\"a\":\"é<>&'\\\"\\n\",\"b\":{\"a\":[true,null,\"x\"],\"z\":1}}");
  }

  @Test
  void write_keepsNumbersAsWritten() {
    assertThat(CanonicalJson.write(List.of(1, -7L, 1.5, new BigDecimal("1.10"), 12345678901234L)))
        .isEqualTo("[1,-7,1.5,1.10,12345678901234]");
  }

  @Test
  void write_ofCanonicalText_isTheSameText() {
    String text = CanonicalJson.write(Map.of("n", 1.0e20, "m", new BigDecimal("1E+3"), "k", 0.1));
    assertThat(CanonicalJson.write(CanonicalJson.parse(text))).isEqualTo(text);
    assertThat(CanonicalJson.isCanonical(text)).isTrue();
    assertThat(CanonicalJson.isCanonical("{\"m\": 1}")).isFalse();
    assertThat(CanonicalJson.isCanonical("not json")).isFalse();
  }

  @Test
  void write_escapesAnUnpairedSurrogate_soTheTextStaysValidUtf8() {
    String text = CanonicalJson.write(Map.of("x", "a\uD800b"));
    assertThat(text).isEqualTo("{\"x\":\"a\\uD800b\"}");
    assertThat(CanonicalJson.isCanonical(text)).isTrue();
  }

  @Test
  void write_refusesWhatJacksonCannotWrite() {
    assertThatThrownBy(() -> CanonicalJson.write(new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sha256Hex_ofEmptyText_isTheKnownDigest() {
    assertThat(CanonicalJson.sha256Hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Property(tries = 300)
  void write_isIdempotent(@ForAll Map<String, Double> doubles, @ForAll Map<String, String> text) {
    Map<String, Object> value = Map.of("d", doubles, "t", text);
    String once = CanonicalJson.write(value);
    assertThat(CanonicalJson.write(CanonicalJson.parse(once))).isEqualTo(once);
  }
}
