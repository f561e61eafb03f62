package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void esc_escapesMarkupQuotesAndControlCharacters() {
    assertThat(Html.esc("<a href=\"x\" onclick='y'>&`</a>")).isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;");
    assertThat(Html.esc("a\u0000b\u001bc\u007f")).isEqualTo("a\\x00b\\x1bc\\x7f");
    assertThat(Html.esc(null)).isEmpty();
  }

  @Test
  void bytesAndCounts_areReadable() {
    assertThat(Html.bytes(512)).isEqualTo("512 B");
    assertThat(Html.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Html.count(1_000_000)).isEqualTo("1,000,000");
  }
}
