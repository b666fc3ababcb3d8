package dev.mlcompose.schema.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose durations are Go durations ({@code 1m30s}, {@code 500ms}, {@code 1h}; no days), not ISO 8601.
 * Parsing follows Go's {@code time.ParseDuration}, printing follows {@code Duration.String()}, which is how
 * {@code docker compose config} prints them.
 */
public final class GoDuration {

    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {
    }

    /** @throws IllegalArgumentException with Go's wording when the text is not a duration */
    public static Duration parse(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length()) {
            throw new IllegalArgumentException("invalid duration \"" + text + "\" (use units h, m, s, ms, us, ns)");
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            // Go's time.ParseDuration refuses it too: a Duration is 64 bits of nanoseconds
            throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range (at most "
                    + format(Duration.ofNanos(Long.MAX_VALUE)) + ")");
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }

    /** Prints like Go's {@code time.Duration.String()}: {@code 1m30s}, {@code 500ms}, {@code 1h0m0s}. */
    public static String format(Duration duration) {
        long n = duration.toNanos();
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        long u = Math.abs(n);
        if (u < 1_000_000_000L) {
            if (u < 1_000) {
                return sign + u + "ns";
            }
            if (u < 1_000_000) {
                return sign + fraction(u, 1_000) + "µs";
            }
            return sign + fraction(u, 1_000_000) + "ms";
        }
        long hours = u / 3_600_000_000_000L;
        long minutes = (u / 60_000_000_000L) % 60;
        String seconds = fraction(u % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
    }

    private static String fraction(long value, long unit) {
        return new BigDecimal(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
