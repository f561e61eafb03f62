package dev.steady.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class BytesTest {

  @Test
  void sizesReadTheSameOnEveryMachine_whateverItsLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY); // a decimal comma must not leak into reviews
      assertThat(Bytes.human(0)).isEqualTo("0 B");
      assertThat(Bytes.human(1023)).isEqualTo("1023 B");
      assertThat(Bytes.human(1024)).isEqualTo("1.0 KiB");
      assertThat(Bytes.human(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
      assertThat(Bytes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    } finally {
      Locale.setDefault(before);
    }
  }
}
