package dev.mlcompose.runner.cli.output;

import dev.mlcompose.runner.run.ProgressEvent;
import dev.mlcompose.runner.run.ProgressListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live view on a terminal: one line per container, network, volume or image, redrawn in place as its
 * state changes (Created, Started, Healthy, Exited…), with the time since the step began.
 */
public final class TtyProgress implements ProgressListener {

    private record Line(ProgressEvent event, long since) {
        boolean busy() {
            return event.status().working();
        }
    }

    private final PrintWriter err;
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    private int drawn;

    public TtyProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void on(ProgressEvent e) {
        Line previous = lines.get(e.name());
        long since = previous != null && previous.event().status() == e.status() ? previous.since() : System.nanoTime();
        lines.put(e.name(), new Line(e, since));
        redraw();
    }

    private void redraw() {
        var out = new StringBuilder();
        if (drawn > 0) {
            out.append("\u001b[").append(drawn).append('A');
        }
        out.append(String.format("\u001b[2K[+] Running %d/%d  %.1fs%n", done(), lines.size(), seconds(start)));
        lines.forEach((name, line) -> out.append(String.format("\u001b[2K %s %-9s %-34s %s%-10s\u001b[0m %5.1fs%s%n",
                StatusMarks.color(line.event().status()) + StatusMarks.mark(line.event().status()) + "\u001b[0m",
                line.event().resource(), name, StatusMarks.color(line.event().status()), line.event().status(),
                seconds(line.since()),
                line.event().detail().isEmpty() ? "" : "  " + line.event().detail())));
        drawn = lines.size() + 1;
        err.print(out);
        err.flush();
    }

    private long done() {
        return lines.values().stream().filter(l -> !l.busy()).count();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
