package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code logs --since/--until} read times as the docker CLI does. */
class LogTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final LogTime time = new LogTime(Clock.fixed(NOW, ZoneOffset.ofHours(1)));

    @Test
    void unix_seconds_with_or_without_a_fraction() {
        assertThat(time.convert("1700000000")).isEqualTo(1_700_000_000L);
        assertThat(time.convert("1700000000.75")).isEqualTo(1_700_000_000L);
    }

    @Test
    void rfc3339_times_with_a_zone_or_offset() {
        assertThat(time.convert("2013-01-02T13:23:37Z")).isEqualTo(Instant.parse("2013-01-02T13:23:37Z").getEpochSecond());
        assertThat(time.convert("2013-01-02T13:23:37.5+02:00"))
                .isEqualTo(Instant.parse("2013-01-02T11:23:37Z").getEpochSecond());
    }

    @Test
    void local_times_and_dates_are_in_the_local_zone() {
        assertThat(time.convert("2013-01-02T13:23:37")).isEqualTo(Instant.parse("2013-01-02T12:23:37Z").getEpochSecond());
        assertThat(time.convert("2013-01-02")).isEqualTo(Instant.parse("2013-01-01T23:00:00Z").getEpochSecond());
    }

    @Test
    void a_duration_is_that_long_before_now() {
        assertThat(time.convert("42m")).isEqualTo(NOW.minusSeconds(42 * 60).getEpochSecond());
        assertThat(time.convert("1h30m")).isEqualTo(NOW.minusSeconds(90 * 60).getEpochSecond());
    }

    @Test
    void anything_else_is_a_usage_error_naming_the_forms() {
        assertThatThrownBy(() -> time.convert("yesterday")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("invalid time \"yesterday\"").hasMessageContaining("42m");
    }
}
