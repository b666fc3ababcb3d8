package dev.mlcompose.runner.cli;

import dev.mlcompose.schema.model.GoDuration;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --since}/{@code --until} time as the docker CLI reads it (moby {@code api/types/time/timestamp.go}):
 * unix seconds ({@code 1700000000}, {@code 1700000000.5}), an RFC 3339 time ({@code 2013-01-02T13:23:37Z}),
 * a local date-time or date ({@code 2013-01-02T13:23:37}, {@code 2013-01-02}), or a Go duration before
 * now ({@code 42m}, {@code 1h30m}). Converted to unix seconds, which is what the engine's API takes.
 */
final class LogTime implements ITypeConverter<Long> {

    private final Clock clock;

    LogTime() {
        this(Clock.systemDefaultZone());
    }

    LogTime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Long convert(String text) {
        String s = text.strip();
        try {
            if (s.matches("\\d+(\\.\\d+)?")) {
                return new BigDecimal(s).longValue();
            }
            if (s.matches("[-+]?(\\d*\\.?\\d+(ns|us|µs|ms|s|m|h))+")) {
                return clock.instant().minus(GoDuration.parse(s)).getEpochSecond();
            }
            return instant(s).getEpochSecond();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new TypeConversionException("invalid time \"" + text + "\" (use unix seconds, 2013-01-02T13:23:37Z"
                    + " or a duration before now such as 42m)");
        }
    }

    private Instant instant(String s) {
        if (s.length() == 10) {
            return LocalDate.parse(s).atStartOfDay(clock.getZone()).toInstant();
        }
        if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(s).toInstant();
        }
        return LocalDateTime.parse(s).atZone(clock.getZone()).toInstant();
    }
}
