package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code mlcompose train} on the real engine: a failing job is retried with each attempt reported, a job
 * whose identical run succeeded is skipped, a hung job is killed at its deadline, and an out-of-memory
 * kill is named as such, with the limit.
 */
class JobsE2ETest extends EngineScenario {

    @Test
    void train_retries_a_failing_job_then_skips_it_until_asked_to_rerun() throws Exception {
        var first = mlcompose("jobs", "train", "flaky");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("| attempt 1", "| attempt 2", "| attempt 3", "flaky succeeded",
                "attempts 3/3");
        assertThat(first.err()).contains("Retrying", "attempt 1/3 failed: exited with code 1; attempt 2 in 1s",
                "attempt 2/3 failed: exited with code 1; attempt 3 in 1.5s");

        var again = mlcompose("jobs", "train", "flaky");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("flaky skipped").doesNotContain("| attempt");

        var rerun = mlcompose("jobs", "train", "--rerun", "flaky");
        assertThat(rerun.exitCode()).isZero();
        assertThat(rerun.out()).contains("| attempt 4", "attempts 1/3");
    }

    @Test
    void an_attached_up_follows_a_job_through_its_retries() throws Exception {
        var result = mlcompose("jobs", "up", "--exit-code-from", "flaky", "flaky");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("| attempt 1", "| attempt 2", "| attempt 3");
        assertThat(result.err()).contains("attempt 2/3 failed: exited with code 1; attempt 3 in 1.5s");
    }

    @Test
    void ctrl_c_stops_a_training_job_and_it_is_not_retried() throws Exception {
        Path log = scratch.resolve("train.log");
        Process train = Cli.start(SCENARIOS.resolve("jobs"), Map.of("HOME", System.getProperty("user.home")), log,
                "-f", "compose.yaml", "-p", project, "--progress", "plain", "train", "steady");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("| epoch"));

        new ProcessBuilder("kill", "-INT", String.valueOf(train.pid())).start().waitFor();

        assertThat(train.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(train.exitValue()).isEqualTo(130);
        assertThat(Files.readString(log)).contains("Gracefully stopping...", "steady failed").doesNotContain("Retrying");
        var state = Docker.inspect(container("steady")).path("State");
        assertThat(state.path("Running").asBoolean()).isFalse();
        assertThat(state.path("RestartCount").asInt()).isZero();
    }

    @Test
    void a_job_past_its_deadline_is_killed_and_fails() throws Exception {
        var result = mlcompose("jobs", "train", "hung");

        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.out()).contains("hung failed: exceeded its deadline of 2s and was killed");
        assertThat(Docker.inspect(container("hung")).at("/State/Running").asBoolean()).isFalse();
    }

    @Test
    void an_out_of_memory_kill_is_reported_with_the_limit_not_as_a_bare_exit_code() throws Exception {
        var result = mlcompose("jobs", "train", "hog");

        assertThat(result.exitCode()).isEqualTo(137);
        assertThat(result.out()).contains("hog failed: was killed: out of memory, limit 32 MiB (exit code 137)");
        assertThat(Docker.inspect(container("hog")).at("/State/OOMKilled").asBoolean()).isTrue();
    }

    @Test
    void up_wait_names_an_out_of_memory_kill_too() throws Exception {
        var result = mlcompose("jobs", "up", "-d", "--wait", "hog");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("hog was killed: out of memory, limit 32 MiB");
    }
}
