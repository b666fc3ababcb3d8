package dev.mlcompose.runner.cli.output;

import dev.mlcompose.runner.run.ProgressEvent;
import dev.mlcompose.runner.run.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Renders the runner's progress: {@code plain} lines as compose's plain mode prints them, {@code json} one
 * object per line for machines, {@code quiet} nothing. Written to stderr, so stdout stays for results.
 */
public final class ProgressPrinter implements ProgressListener {

    private final PrintWriter err;
    private final String mode;
    private final boolean color;
    private final long start = System.nanoTime();

    public ProgressPrinter(PrintWriter err, String mode, boolean color) {
        this.err = err;
        this.mode = mode.equals("auto") || mode.equals("tty") ? "plain" : mode;
        this.color = color;
    }

    @Override
    public synchronized void on(ProgressEvent e) {
        switch (mode) {
            case "quiet" -> { }
            case "json" -> err.printf(Locale.ROOT, "{\"kind\":\"%s\",\"id\":\"%s\",\"status\":\"%s\",\"detail\":\"%s\","
                    + "\"elapsed\":%.3f}%n", e.resource(), json(e.name()), e.status(), json(e.detail()),
                    (System.nanoTime() - start) / 1e9);
            default -> err.printf(" %s %s %-32s %s%s%n", StatusMarks.mark(e.status()), e.resource(), e.name(),
                    paint(e.status()), e.detail().isEmpty() ? "" : "  " + e.detail());
        }
        err.flush();
    }

    private String paint(ProgressEvent.Status status) {
        return color ? StatusMarks.color(status) + status + "\u001b[0m" : status.toString();
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
