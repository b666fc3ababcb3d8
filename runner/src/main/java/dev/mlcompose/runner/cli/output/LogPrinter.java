package dev.mlcompose.runner.cli.output;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Prints log lines with a stable, colored {@code name  | } prefix per container, as compose does. */
public final class LogPrinter {

    private static final List<Integer> COLORS = List.of(36, 33, 32, 35, 34, 96, 93, 92, 95, 94);

    private final PrintWriter out;
    private final boolean color;
    private final boolean prefix;
    private final int width;
    private final Map<String, Integer> colors = new ConcurrentHashMap<>();

    public LogPrinter(PrintWriter out, boolean color, boolean prefix, int width) {
        this.out = out;
        this.color = color;
        this.prefix = prefix;
        this.width = width;
    }

    public synchronized void print(String name, String line) {
        if (prefix) {
            String label = String.format("%-" + width + "s | ", name);
            if (color) {
                int c = colors.computeIfAbsent(name, n -> COLORS.get(colors.size() % COLORS.size()));
                label = "\u001b[" + c + "m" + label + "\u001b[0m";
            }
            out.print(label);
        }
        out.println(line);
        out.flush();
    }

    /** A line of {@code watch}'s own, as compose marks it: {@code ⦿} under the containers' prefixes, in bright green. */
    public synchronized void printWatch(String message) {
        String mark = (prefix ? " ".repeat(width) + " " : "") + "⦿ ";
        out.println((color ? "\u001b[92m" + mark + "\u001b[0m" : mark) + message);
        out.flush();
    }
}
