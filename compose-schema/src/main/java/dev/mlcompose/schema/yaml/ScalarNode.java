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
        return text(value);
    }

    /** A scalar value as text: a float as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)} writes it, as compose does. */
    public static String text(Object value) {
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

    /**
     * The shortest digits that read back as {@code d}, with an exponent when it is below -4 or at least 6
     * ({@code 0.0003}, {@code 1e-08}, {@code 100000}, {@code 1.234567e+06}), as Go's {@code %g} shortest form.
     */
    private static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return "0";
        }
        var decimal = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        if (exponent >= -4 && exponent < 6) {
            return decimal.toPlainString();
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
