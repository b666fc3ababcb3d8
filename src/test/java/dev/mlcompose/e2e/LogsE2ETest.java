package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code logs -f} keeps {@code --since}/{@code --until}: only that window, and following ends at --until. */
class LogsE2ETest extends EngineScenario {

    @Test
    void follow_shows_only_the_window_and_ends_at_until_while_the_container_runs() throws Exception {
        assertThat(mlcompose("logs", "up", "-d", "--wait").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> mlcompose("logs", "logs", "ticker").out().contains("tick 3"));
        long since = Instant.now().getEpochSecond();
        long until = since + 4;

        long start = System.nanoTime();
        var logs = mlcompose("logs", "logs", "-f", "-t", "--no-log-prefix", "--since", String.valueOf(since),
                "--until", Instant.ofEpochSecond(until).toString(), "ticker");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(took).as("following ended at --until").isLessThan(Duration.ofSeconds(15));
        List<Instant> times = logs.out().lines().map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
        assertThat(times).as("lines of the window: " + logs.out()).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(t -> !t.isBefore(Instant.ofEpochSecond(since)) && !t.isAfter(Instant.ofEpochSecond(until)));
        assertThat(logs.out()).doesNotContain("tick 1\n");
        assertThat(Docker.inspect(container("ticker")).path("State").path("Running").asBoolean()).isTrue();
    }

    @Test
    void follow_with_an_until_in_the_past_prints_what_was_and_returns() throws Exception {
        assertThat(mlcompose("logs", "up", "-d", "--wait").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> mlcompose("logs", "logs", "ticker").out().contains("tick 2"));

        var logs = mlcompose("logs", "logs", "-f", "--until", "0s", "ticker");

        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("tick 1");
    }
}
