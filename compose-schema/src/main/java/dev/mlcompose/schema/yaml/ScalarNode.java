package dev.mlcompose.schema.yaml;

import java.util.Objects;

/**
 * A scalar whose value is already typed by the YAML 1.2 core schema: {@link String}, {@link Long},
 * {@link java.math.BigInteger}, {@link Double}, {@link Boolean}, or {@code null}.
 */
public record ScalarNode(Object value, Location location, MergeTag mergeTag) implements Node {

    public ScalarNode {
        Objects.requireNonNull(location);
        Objects.requireNonNull(mergeTag);
    }

    public static ScalarNode of(Object value, Location location) {
        return new ScalarNode(value, location, MergeTag.NONE);
    }

    public boolean isNull() {
        return value == null;
    }

    public boolean isString() {
        return value instanceof String;
    }

    /** The value as text, as Compose turns any scalar into a string where one is expected. */
    public String text() {
        return value == null ? "" : value instanceof Double d ? formatDouble(d) : value.toString();
    }

    public ScalarNode withValue(Object newValue) {
        return new ScalarNode(newValue, location, mergeTag);
    }

    @Override
    public ScalarNode withMergeTag(MergeTag tag) {
        return new ScalarNode(value, location, tag);
    }

    @Override
    public String typeName() {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value instanceof String ? "string" : "number";
    }

    private static String formatDouble(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
