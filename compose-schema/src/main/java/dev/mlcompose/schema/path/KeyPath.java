package dev.mlcompose.schema.path;

import java.util.ArrayList;
import java.util.List;

/**
 * The path of a value inside a Compose document, printed as users read it:
 * {@code services.training.deploy.resources.limits.memory} or {@code services.web.ports[0]}.
 */
public final class KeyPath {

    private static final KeyPath ROOT = new KeyPath(List.of());

    private final List<Object> segments;

    private KeyPath(List<Object> segments) {
        this.segments = List.copyOf(segments);
    }

    public static KeyPath root() {
        return ROOT;
    }

    /** Parses a dotted path such as {@code services.web.ports}; used for fixed paths in rule tables. */
    public static KeyPath of(String dotted) {
        var path = root();
        for (String part : dotted.split("\\.")) {
            path = path.key(part);
        }
        return path;
    }

    public KeyPath key(String key) {
        var copy = new ArrayList<>(segments);
        copy.add(key);
        return new KeyPath(copy);
    }

    public KeyPath index(int index) {
        var copy = new ArrayList<>(segments);
        copy.add(index);
        return new KeyPath(copy);
    }

    public List<Object> segments() {
        return segments;
    }

    public int size() {
        return segments.size();
    }

    public boolean isIndex(int i) {
        return segments.get(i) instanceof Integer;
    }

    public String segment(int i) {
        return String.valueOf(segments.get(i));
    }

    public String last() {
        return segments.isEmpty() ? "" : segment(segments.size() - 1);
    }

    public KeyPath parent() {
        return segments.isEmpty() ? this : new KeyPath(segments.subList(0, segments.size() - 1));
    }

    public boolean matches(PathPattern pattern) {
        return pattern.matches(this);
    }

    @Override
    public String toString() {
        var out = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer i) {
                out.append('[').append(i).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(segment);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPath other && segments.equals(other.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }
}
