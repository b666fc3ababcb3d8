package dev.mlcompose.schema;

import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Location;
import java.util.Comparator;

/** One thing wrong with a Compose project, printed as {@code file:line:col: key.path: message}. */
public record Problem(Location location, String keyPath, String message) implements Comparable<Problem> {

    private static final int MAX_LINE = 1_000;

    private static final Comparator<Problem> ORDER = Comparator
            .comparing((Problem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column())
            .thenComparing(Problem::keyPath)
            .thenComparing(Problem::message);

    public static Problem at(Location location, KeyPath path, String message) {
        return new Problem(location, path.toString(), message);
    }

    @Override
    public int compareTo(Problem other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        var out = new StringBuilder();
        if (!location.file().isEmpty()) {
            out.append(location).append(": ");
        }
        if (!keyPath.isEmpty()) {
            out.append(keyPath).append(": ");
        }
        return oneLine(out.append(message).toString());
    }

    /**
     * A key or value quoted from a file may hold line breaks or terminal escapes, or be megabytes long: each
     * problem stays one readable line.
     */
    private static String oneLine(String text) {
        var out = new StringBuilder(Math.min(text.length(), MAX_LINE + 40));
        text.codePoints().limit(MAX_LINE).forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c) && c != '\t' || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        int more = text.codePointCount(0, text.length()) - MAX_LINE;
        return more > 0 ? out.append("… (").append(more).append(" more characters)").toString() : out.toString();
    }
}
