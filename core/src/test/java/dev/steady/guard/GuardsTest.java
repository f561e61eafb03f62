package dev.steady.guard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steady.failure.SteadyException;
import dev.steady.plan.Criteria;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardsTest {

  static Criteria olderThan14d() {
    return new Criteria(Duration.ofDays(14), null, null, null, List.of(), List.of(), null, null, null, null, false, false);
  }

  static Criteria expecting(Long count, Long bytes) {
    return new Criteria(Duration.ofDays(14), null, null, null, List.of(), List.of(), null, count, bytes, null, false, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/etc", "/etc/", "/usr/local/lib", "/var/lib", "/var/lib/postgresql", "/var", "/boot/grub", "/lib64"})
  void checkRoot_refusesProtectedPathsTheirInsidesAndWhatIsAboveThem(String root) {
    assertThatThrownBy(() -> Guards.checkRoot(root, Guards.DEFAULT_PROTECTED))
        .isInstanceOf(SteadyException.class)
        .hasMessageContaining("protected path")
        .hasMessageContaining("nothing was planned")
        .extracting(e -> ((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.REFUSED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/srv/app/logs", "/var/log/app", "/home/ops/tmp", "/data", "/var/libx"})
  void checkRoot_allowsApplicationDirectories(String root) {
    assertThatCode(() -> Guards.checkRoot(root, Guards.DEFAULT_PROTECTED)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/dir", "/srv/../etc", "/srv/./app", "/srv//app"})
  void checkRoot_refusesPathsThatAreNotPlainAbsolute(String root) {
    assertThatThrownBy(() -> Guards.checkRoot(root, Guards.DEFAULT_PROTECTED))
        .isInstanceOf(SteadyException.class)
        .extracting(e -> ((SteadyException) e).kind()).isEqualTo(SteadyException.Kind.BAD_INPUT);
  }

  @Test
  void checkCriteria_refusesAPlanWithoutAnySelection() {
    Criteria none = new Criteria(null, null, null, null, List.of(), List.of("*.keep"), 3, null, null, null, false, true);

    assertThatThrownBy(() -> Guards.checkCriteria(none)).hasMessageContaining("no selection criteria").hasMessageContaining("--name '*' --allow-all");
    assertThatCode(() -> Guards.checkCriteria(olderThan14d())).doesNotThrowAnyException();
  }

  @Test
  void checkShare_refusesEverythingOrMoreThanNinetyPercent_unlessAllowAll() {
    assertThatThrownBy(() -> Guards.checkShare("web-01", "/srv/logs", 10, 10, false)).hasMessageContaining("every file");
    assertThatThrownBy(() -> Guards.checkShare("web-01", "/srv/logs", 91, 100, false)).hasMessageContaining("91% of the files");
    assertThatCode(() -> Guards.checkShare("web-01", "/srv/logs", 90, 100, false)).doesNotThrowAnyException();
    assertThatCode(() -> Guards.checkShare("web-01", "/srv/logs", 10, 10, true)).doesNotThrowAnyException();
    assertThatCode(() -> Guards.checkShare("web-01", "/srv/logs", 0, 0, false)).doesNotThrowAnyException();
  }

  @Test
  void checkExpectation_refusesTotalsMoreThanAQuarterOff() {
    assertThatThrownBy(() -> Guards.checkExpectation(expecting(100L, null), 126, 0)).hasMessageContaining("--expect-count says 100");
    assertThatThrownBy(() -> Guards.checkExpectation(expecting(100L, null), 74, 0)).hasMessageContaining("--expect-count");
    assertThatCode(() -> Guards.checkExpectation(expecting(100L, null), 125, 0)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Guards.checkExpectation(expecting(null, 1000L), 0, 1300)).hasMessageContaining("--expect-bytes says 1000");
    assertThatCode(() -> Guards.checkExpectation(expecting(null, null), 5, 5)).doesNotThrowAnyException();
  }
}
