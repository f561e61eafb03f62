package dev.steady.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steady.transport.Shell;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Quoting, round trips and printable messages, against random input. */
class CheckProperties {

  @Provide
  Arbitrary<String> nasty() {
    return Arbitraries.strings().withChars("'\"$`\\\n\t !*?;&|<>(){}[]~#%=-é✓")
        .withCharRange('a', 'c').ofMaxLength(40);
  }

  @Property(tries = 150)
  void quote_survivesTheShellUnchanged(@ForAll("nasty") String value) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", "printf %s " + Shell.quote(value)).redirectErrorStream(true).start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(printed).isEqualTo(value);
  }

  @Provide
  Arbitrary<Check> checks() {
    Arbitrary<String> word = Arbitraries.strings().withChars("abc-./'\"$` |;:").ofMinLength(1).ofMaxLength(20)
        .filter(s -> !s.isBlank() && s.strip().equals(s));
    Arbitrary<String> command = word.map(w -> "run " + w);
    Arbitrary<String> host = Arbitraries.strings().withChars("abc019.-:").ofMinLength(1).ofMaxLength(12)
        .filter(Text::isHostName);
    Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
    Arbitrary<String> path = Arbitraries.strings().withChars("abc019/-_.?=&").ofMaxLength(15);
    Arbitrary<String> contains = Arbitraries.strings().withChars("ab \"{}:=").ofMinLength(1).ofMaxLength(12)
        .filter(s -> s.strip().equals(s) && !s.isEmpty());
    return Arbitraries.oneOf(
        command.map(CommandCheck::new),
        command.map(NagiosCheck::new),
        Combinators.combine(host, port).as(TcpCheck::new),
        Combinators.combine(path, Arbitraries.integers().between(100, 599), contains.injectNull(0.5))
            .as((p, s, c) -> new HttpCheck("http://app.internal:8080/" + p, s, c)));
  }

  @Property(tries = 300)
  void parse_readsBackEverySpec(@ForAll("checks") Check check) {
    assertThat(Checks.parse(check.spec())).isEqualTo(check);
  }

  @Property(tries = 300)
  void describeAndMessages_areOnePrintableLine(@ForAll("nasty") String text) {
    String shown = Text.printable(text + "\u001b\u0007\u009b\u202e\r");
    assertThat(shown.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e);
    assertThat(new CommandCheck("x" + text).describe().lines()).hasSize(1);
  }
}
