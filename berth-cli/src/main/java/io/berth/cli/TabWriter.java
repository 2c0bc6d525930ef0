package io.berth.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter as docker configures it ({@code NewWriter(out, 10, 1, 3, ' ', 0)}): a
 * tab ends a cell; a column is as wide as its widest cell in a run of consecutive lines that
 * have it, plus 3 spaces of padding, and at least 10. The text after a line's last tab is not
 * padded.
 */
final class TabWriter {
  private static final int MIN_WIDTH = 10;
  private static final int PADDING = 3;

  private TabWriter() {}

  static String align(String text) {
    return align(text, MIN_WIDTH);
  }

  /** As {@link #align(String)} with another minimum cell width (docker top uses 20). */
  static String align(String text, int minWidth) {
    boolean trailingNewline = text.endsWith("\n");
    String[] lines = (trailingNewline ? text.substring(0, text.length() - 1) : text)
        .split("\n", -1);
    List<String[]> cells = new ArrayList<>();
    for (String l : lines) {
      cells.add(l.split("\t", -1));
    }
    int[][] widths = new int[lines.length][];
    for (int i = 0; i < lines.length; i++) {
      widths[i] = new int[cells.get(i).length - 1];
    }
    int columns = cells.stream().mapToInt(c -> c.length - 1).max().orElse(0);
    for (int col = 0; col < columns; col++) {
      int start = 0;
      while (start < lines.length) {
        if (cells.get(start).length - 1 <= col) {
          start++;
          continue;
        }
        int end = start;
        int width = minWidth;
        while (end < lines.length && cells.get(end).length - 1 > col) {
          width = Math.max(width, length(cells.get(end)[col]) + PADDING);
          end++;
        }
        for (int i = start; i < end; i++) {
          widths[i][col] = width;
        }
        start = end;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String[] row = cells.get(i);
      for (int col = 0; col < row.length - 1; col++) {
        out.append(row[col]).append(" ".repeat(widths[i][col] - length(row[col])));
      }
      out.append(row[row.length - 1]);
      if (i < lines.length - 1 || trailingNewline) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
