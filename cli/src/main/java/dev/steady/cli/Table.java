package dev.steady.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A left-aligned text table whose cells may carry ANSI colour (widths count visible characters). */
final class Table {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... header) {
    this.header = List.of(header);
  }

  void row(List<String> cells) {
    rows.add(List.copyOf(cells));
  }

  void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = visible(header.get(i));
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], visible(row.get(i)));
      }
    }
    out.println(line(header, widths));
    rows.forEach(r -> out.println(line(r, widths)));
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      b.append(cell);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - visible(cell) + 2));
      }
    }
    return b.toString().stripTrailing();
  }

  static int visible(String s) {
    return Width.of(s);
  }
}
