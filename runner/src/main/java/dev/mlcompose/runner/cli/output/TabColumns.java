package dev.mlcompose.runner.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated cells into columns as Go's text/tabwriter does with the settings of the docker CLI's
 * tables (padding 3, spaces; minimum width 10, 20 in compose's {@code ls} and {@code images}): a cell that ends
 * with a tab is padded to the widest cell of its column among the consecutive lines that have that column; a
 * line's last cell is written as it is.
 */
public final class TabColumns {

    private static final int PADDING = 3;

    private TabColumns() {
    }

    /** With the docker CLI's minimum cell width, 10. */
    static String align(String text) {
        return align(text, 10);
    }

    public static String align(String text, int minWidth) {
        List<String[]> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(line.split("\t", -1));
        }
        int[][] widths = new int[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            widths[i] = new int[Math.max(0, lines.get(i).length - 1)];
        }
        columns(lines, widths, minWidth, 0, 0, lines.size());
        var out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i);
            for (int c = 0; c < cells.length; c++) {
                out.append(cells[c]);
                if (c < cells.length - 1) {
                    out.append(" ".repeat(widths[i][c] - length(cells[c])));
                }
            }
            if (i < lines.size() - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Column {@code col} of lines [start, end): each run of lines that has it is one block of one width. */
    private static void columns(List<String[]> lines, int[][] widths, int minWidth, int col, int start, int end) {
        int line = start;
        while (line < end) {
            if (lines.get(line).length - 1 <= col) {
                line++;
                continue;
            }
            int blockStart = line;
            int width = minWidth;
            for (; line < end && lines.get(line).length - 1 > col; line++) {
                width = Math.max(width, length(lines.get(line)[col]) + PADDING);
            }
            for (int i = blockStart; i < line; i++) {
                widths[i][col] = width;
            }
            columns(lines, widths, minWidth, col + 1, blockStart, line);
        }
    }

    private static int length(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
