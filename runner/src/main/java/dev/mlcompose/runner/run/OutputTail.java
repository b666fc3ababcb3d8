package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.LogLine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The last lines of a hook's output, for the message when it fails, as compose keeps them ({@code hook.go}
 * {@code outputTail}): at most 10 non-blank lines and 2048 bytes per stream, and stderr when it has any, since
 * that is where the reason usually is. A progress line rewritten with {@code \r} keeps only its last state.
 */
final class OutputTail implements Consumer<LogLine> {

    static final int LINES = 10;
    static final int CHARS = 2048;

    private final Deque<String> stdout = new ArrayDeque<>();
    private final Deque<String> stderr = new ArrayDeque<>();

    @Override
    public synchronized void accept(LogLine line) {
        String text = line.text().replaceAll("\r+$", "");
        text = text.substring(text.lastIndexOf('\r') + 1);
        if (text.isBlank()) {
            return;
        }
        Deque<String> lines = line.stderr() ? stderr : stdout;
        lines.addLast(text);
        if (lines.size() > LINES) {
            lines.removeFirst();
        }
    }

    /** The kept lines, one per line, newest last; empty when the hook wrote nothing. */
    synchronized String text() {
        String out = String.join("\n", stderr.isEmpty() ? stdout : stderr).strip();
        return out.length() > CHARS ? out.substring(out.length() - CHARS) : out;
    }

    /** {@code prefix}, then ": " and the kept lines (indented below it when there are several). */
    String after(String prefix) {
        String text = text();
        if (text.isEmpty()) {
            return prefix;
        }
        return prefix + (text.contains("\n") ? ":\n    " + text.replace("\n", "\n    ") : ": " + text);
    }
}
