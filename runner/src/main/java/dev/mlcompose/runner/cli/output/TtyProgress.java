package dev.mlcompose.runner.cli.output;

import dev.mlcompose.runner.run.ProgressListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live view on a terminal: one line per container, network, volume or image, redrawn in place as its
 * state changes (Created, Started, Healthy, Exited…), with the time since the step began.
 */
public final class TtyProgress implements ProgressListener {

    private record Line(String kind, String state, String detail, long since) {
    }

    private final PrintWriter err;
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    private int drawn;

    public TtyProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void on(String kind, String subject, String state, String detail) {
        Line previous = lines.get(subject);
        long since = previous != null && previous.state().equals(state) ? previous.since() : System.nanoTime();
        lines.put(subject, new Line(kind, state, detail, since));
        redraw();
    }

    private void redraw() {
        var out = new StringBuilder();
        if (drawn > 0) {
            out.append("\u001b[").append(drawn).append('A');
        }
        out.append(String.format("\u001b[2K[+] Running %d/%d  %.1fs%n", done(), lines.size(), seconds(start)));
        lines.forEach((subject, line) -> out.append(String.format("\u001b[2K %s %-9s %-34s %s%-10s\u001b[0m %5.1fs%s%n",
                busy(line.state()) ? "\u001b[33m…\u001b[0m" : "\u001b[32m✔\u001b[0m", line.kind(), subject,
                busy(line.state()) ? "\u001b[33m" : "\u001b[32m", line.state(), seconds(line.since()),
                line.detail().isEmpty() ? "" : "  " + line.detail())));
        drawn = lines.size() + 1;
        err.print(out);
        err.flush();
    }

    private long done() {
        return lines.values().stream().filter(l -> !busy(l.state())).count();
    }

    private static boolean busy(String state) {
        return state.endsWith("ing");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
