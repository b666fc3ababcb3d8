package dev.mlcompose.schema.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes as Compose reads it: a number, or text with binary units ({@code 512m}, {@code 1.5g},
 * {@code 2GB}; docker/go-units {@code RAMInBytes}, case-insensitive, 1024-based). -1 means "unlimited"
 * where the engine takes it ({@code memswap_limit: -1}); {@link #parse} reads sizes only.
 */
public record ByteSize(long bytes) {

    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp])?(i?b)?$");

    public static ByteSize parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || (m.group(2) == null && m.group(3) != null && !m.group(3).equals("b"))) {
            throw new IllegalArgumentException("invalid size \"" + text + "\" (use b, k, m, g, t or p, e.g. 512m)");
        }
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.compareTo(MAX) > 0) {
            // go-units wraps such a size into another number (compose 2.26 prints -9223372036854775808)
            throw new IllegalArgumentException("size \"" + text + "\" is out of range (at most "
                    + Long.MAX_VALUE + " bytes, 8 EiB)");
        }
        return new ByteSize(bytes.longValue());
    }

    public static ByteSize ofMebibytes(long mib) {
        return new ByteSize(mib * 1024 * 1024);
    }

    /** A short human form for messages, e.g. {@code 512 MiB}. */
    public String human() {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + " " + units[unit];
    }
}
