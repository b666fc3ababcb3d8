package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An interrupted {@code up} leaves nothing that the next {@code down} cannot remove. */
class InterruptE2ETest extends EngineScenario {

    @Test
    void ctrl_c_stops_an_attached_up_and_down_cleans_up() throws Exception {
        var log = scratch.resolve("up.log");
        Process up = Cli.start(SCENARIOS.resolve("interrupt"), Map.of("HOME", System.getProperty("user.home")), log,
                "-f", "compose.yaml", "-p", project, "up");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("tick"));

        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up ends after Ctrl-C").isTrue();
        assertThat(up.exitValue()).isEqualTo(130);
        assertThat(Files.readString(log)).contains("Gracefully stopping... (press Ctrl+C again to force)");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(
                Docker.inspect(container("slow")).path("State").path("Running").asBoolean(),
                Docker.inspect(container("next")).path("State").path("Running").asBoolean()))
                .as("containers stopped").containsOnly(false));
        assertDownRemovesEverything();
    }

    @Test
    void ctrl_c_stops_a_run_rm_and_its_one_off_is_removed() throws Exception {
        var log = scratch.resolve("run.log");
        Process run = Cli.start(SCENARIOS.resolve("exec"), Map.of("HOME", System.getProperty("user.home")), log,
                "-f", "compose.yaml", "-p", project, "run", "--rm", "-T", "shell", "sh", "-c", "echo started; sleep 60");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("started"));

        new ProcessBuilder("kill", "-INT", String.valueOf(run.pid())).start().waitFor();

        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run ends after Ctrl-C").isTrue();
        assertThat(run.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(Docker.run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.oneoff=True")).as("--rm removed the one-off").isBlank();
    }

    @Test
    void a_second_ctrl_c_kills_what_the_graceful_stop_is_waiting_for() throws Exception {
        var log = scratch.resolve("up.log");
        Process up = Cli.start(SCENARIOS.resolve("interrupt"), Map.of("HOME", System.getProperty("user.home")), log,
                "-f", "compose.yaml", "-p", project, "--profile", "stubborn", "up", "-t", "120");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("| stubborn"));

        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log)
                .contains("Gracefully stopping... (press Ctrl+C again to force)"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Docker.inspect(container("slow")).path("State")
                .path("Running").asBoolean());
        assertThat(up.isAlive()).as("the graceful stop waits for stubborn's 120 s").isTrue();
        long second = System.nanoTime();
        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();

        assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("up ends soon after the second Ctrl-C").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(Duration.ofSeconds(30));
        assertThat(up.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(Docker.inspect(container("stubborn")).path("State").path("ExitCode").asInt())
                .as("stubborn was killed").isEqualTo(137);
        assertThat(Files.readString(log)).contains("Killed");
        assertDownRemovesEverything();
    }

    /** As compose 2.26.1: 130 in every phase, what started is stopped, "canceled" (measured on both engines). */
    @ParameterizedTest(name = "{0} while waiting, up {1}")
    @CsvSource({"INT, '-d --wait'", "TERM, '-d --wait'", "INT, ''", "TERM, ''"})
    void a_signal_while_up_waits_for_a_dependency_stops_what_started_and_exits_130(String signal, String flags)
            throws Exception {
        var log = scratch.resolve("up.log");
        var args = new java.util.ArrayList<>(List.of("-f", "compose.yaml", "-p", project, "--profile", "waiting", "up"));
        args.addAll(flags.isBlank() ? List.of() : List.of(flags.split(" ")));
        Process up = Cli.start(SCENARIOS.resolve("interrupt"), Map.of("HOME", System.getProperty("user.home")), log,
                args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).until(() -> Docker.containers(project).stream()
                .anyMatch(c -> c.contains("base")) && Docker.inspect(container("base")).path("State")
                .path("Running").asBoolean());

        new ProcessBuilder("kill", "-" + signal, String.valueOf(up.pid())).start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up ends after SIG" + signal).isTrue();
        String output = Files.readString(log);
        assertThat(up.exitValue()).as(output).isEqualTo(130);
        assertThat(output).contains("canceled").doesNotContain("not ready within").doesNotContain("Exception");
        assertThat(Docker.inspect(container("base")).path("State").path("Running").asBoolean())
                .as("base stopped").isFalse();
        assertThat(Docker.containers(project).stream().filter(c -> c.contains("app"))
                .map(c -> Docker.inspect(c).path("State").path("Running").asBoolean()))
                .as("app never started").doesNotContain(true);
        assertDownRemovesEverything();
    }

    @Test
    void ctrl_c_while_train_waits_for_a_dependency_exits_130_and_the_job_never_starts() throws Exception {
        var log = scratch.resolve("train.log");
        Process train = Cli.start(SCENARIOS.resolve("interrupt"), Map.of("HOME", System.getProperty("user.home")), log,
                "-f", "compose.yaml", "-p", project, "--profile", "waiting", "train", "fit");
        await().atMost(Duration.ofSeconds(60)).until(() -> Docker.containers(project).stream()
                .anyMatch(c -> c.contains("base")) && Docker.inspect(container("base")).path("State")
                .path("Running").asBoolean());

        new ProcessBuilder("kill", "-INT", String.valueOf(train.pid())).start().waitFor();

        assertThat(train.waitFor(60, TimeUnit.SECONDS)).as("train ends after Ctrl-C").isTrue();
        String output = Files.readString(log);
        assertThat(train.exitValue()).as(output).isEqualTo(130);
        assertThat(output).contains("canceled").doesNotContain("Exception");
        assertThat(Docker.containers(project).stream().filter(c -> c.contains("fit"))
                .map(c -> Docker.inspect(c).path("State").path("StartedAt").asText()))
                .as("fit never started").allMatch(t -> t.startsWith("0001-"));
        assertDownRemovesEverything();
    }

    @Test
    void kill_9_mid_up_leaves_nothing_that_down_cannot_remove() throws Exception {
        var log = scratch.resolve("up.log");
        Process up = Cli.start(SCENARIOS.resolve("interrupt"), Map.of("HOME", System.getProperty("user.home")), log,
                "-f", "compose.yaml", "-p", project, "up");
        await().atMost(Duration.ofSeconds(60)).until(() -> !Docker.containers(project).isEmpty());

        up.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        var again = mlcompose("interrupt", "up", "-d");
        assertThat(again.exitCode()).as("the next up converges: " + again.err()).isZero();
        assertDownRemovesEverything();
    }

    private void assertDownRemovesEverything() throws Exception {
        var down = mlcompose("interrupt", "down", "-t", "1");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();
    }
}
