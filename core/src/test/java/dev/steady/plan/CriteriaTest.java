package dev.steady.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CriteriaTest {

  static Criteria of(Duration older, Duration newer, Long min, Long max, List<String> names, List<String> excludes) {
    return new Criteria(older, newer, min, max, names, excludes, null, null, null, null, false, false);
  }

  @Test
  void asTyped_readsLikeTheCommandLineThatMadeIt() {
    Criteria c = of(null, Duration.ofDays(14), 10L << 20, null, List.of("*.log"), List.of());

    assertThat(c.asTyped()).isEqualTo("--newer-than 14d --min-size 10M --name '*.log'");
    assertThat(c.toMap()).containsEntry("newer_than_s", 1_209_600L); // the plan's JSON stays as it was
  }

  @Test
  void asTyped_namesEveryCriterionInHelpOrder_andQuotesForTheShell() {
    Criteria c = new Criteria(Duration.ofHours(6), Duration.ofMinutes(90), 1500L, 2L << 30, List.of("*.log", "it's here"),
        List.of("keep me.log"), 2, 40L, 3L << 40, "/backup/app", true, true);

    assertThat(c.asTyped()).isEqualTo("--older-than 6h --newer-than 90m --min-size 1500 --max-size 2G --name '*.log' --name 'it'\\''s here'"
        + " --exclude 'keep me.log' --max-depth 2 --expect-count 40 --expect-bytes 3T --require-backup /backup/app --verify-checksum --allow-all");
    assertThat(of(null, null, null, null, List.of(), List.of()).asTyped()).isEmpty();
  }

  @Test
  void aChecksumWithoutABackup_isBadInput() {
    assertThatThrownBy(() -> new Criteria(null, null, null, null, List.of("*"), List.of(), null, null, null, null, true, false))
        .isInstanceOf(SteadyException.class).hasMessage("--verify-checksum needs --require-backup DIR");
  }

  @Test
  void amounts_readWhatPeopleType_andNameTheOptionWhenTheyCannot() {
    assertThat(Amounts.duration("14d", "--newer-than")).isEqualTo(Duration.ofDays(14));
    assertThat(Amounts.duration(" 2W ", "--newer-than")).isEqualTo(Duration.ofDays(14));
    assertThat(Amounts.size("10M", "--min-size")).isEqualTo(10L << 20);
    assertThat(Amounts.size("512kib", "--min-size")).isEqualTo(512L << 10);
    assertThatThrownBy(() -> Amounts.duration("14 days", "--newer-than")).isInstanceOf(SteadyException.class)
        .hasMessage("--newer-than: '14 days' is not a duration; write e.g. 30s, 10m, 6h, 14d");
    assertThatThrownBy(() -> Amounts.size("ten", "--min-size")).hasMessageStartingWith("--min-size: 'ten' is not a size");
    assertThatThrownBy(() -> Amounts.size("999999999999999T", "--min-size")).hasMessageEndingWith("is too large");
  }

  @Property(tries = 300)
  void aWrittenAmount_readsBackAsTheSameAmount(@ForAll @LongRange(min = 0, max = 1L << 50) long bytes,
      @ForAll @IntRange(min = 0, max = 10_000_000) int seconds) {
    assertThat(Amounts.size(Amounts.size(bytes), "--min-size")).isEqualTo(bytes);
    Duration d = Duration.ofSeconds(seconds);
    assertThat(Amounts.duration(Amounts.duration(d), "--older-than")).isEqualTo(d);
  }
}
