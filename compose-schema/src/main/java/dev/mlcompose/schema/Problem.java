package dev.mlcompose.schema;

import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Location;
import java.util.Comparator;

/** One thing wrong with a Compose project, printed as {@code file:line:col: key.path: message}. */
public record Problem(Location location, String keyPath, String message) implements Comparable<Problem> {

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
        return out.append(message).toString();
    }
}
