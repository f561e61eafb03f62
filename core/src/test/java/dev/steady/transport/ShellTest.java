package dev.steady.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Quoting for the remote shell: whatever the string, the shell hands back exactly that string. */
class ShellTest {

  @Property(tries = 300)
  void quote_shellPrintsTheValueBack(@ForAll("nasty") String value) throws Exception {
    assertThat(printf(value)).isEqualTo(value);
  }

  @Example
  void quote_keepsEverySpecialCharacterLiteral() throws Exception {
    String value = "it's $HOME `id` $(id) \"q\" \\ * ? [a] ~ ; & | < > \n\t# !";
    assertThat(printf(value)).isEqualTo(value);
    assertThat(Shell.quote("a'b")).isEqualTo("'a'\\''b'");
  }

  @Example
  void quote_refusesNul() {
    assertThatThrownBy(() -> Shell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Provide
  Arbitrary<String> nasty() {
    Arbitrary<Character> special = Arbitraries.of('\'', '"', '\\', '$', '`', '\n', '\t', ' ', '*', '?', '[', ']', '~', '!',
        '#', ';', '&', '|', '<', '>', '(', ')', '{', '}', '-', '%', '=');
    Arbitrary<Character> any = Arbitraries.chars().range('\u0001', '\u007f');
    Arbitrary<Character> wide = Arbitraries.of('é', '€', 'ü', '漢');
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, special), net.jqwik.api.Tuple.of(4, any), net.jqwik.api.Tuple.of(1, wide))
        .list().ofMaxSize(40).map(cs -> {
          StringBuilder b = new StringBuilder();
          cs.forEach(b::append);
          return b.toString();
        });
  }

  /** {@code sh -c "printf %s <quoted>"}, the command passed as UTF-8 bytes on stdin to avoid the JVM's argv encoding. */
  private static String printf(String value) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/sh").start();
    try (var in = p.getOutputStream()) {
      in.write(("printf %s " + Shell.quote(value)).getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
