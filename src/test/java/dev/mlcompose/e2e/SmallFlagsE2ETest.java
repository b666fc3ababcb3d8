package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** compose's smaller flags: {@code exec -d}, {@code logs --index}, {@code wait --down-project}, {@code up --timestamps}. */
class SmallFlagsE2ETest extends EngineScenario {

    @Test
    void exec_d_returns_at_once_and_the_command_goes_on() throws Exception {
        assertThat(mlcompose("exec", "up", "-d", "--wait").exitCode()).isZero();

        var exec = mlcompose("exec", "exec", "-d", "shell", "sh", "-c", "sleep 2; echo done > /tmp/flag");

        assertThat(exec.exitCode()).as(exec.err()).isZero();
        assertThat(exec.out()).isEmpty();
        assertThat(Docker.run("exec", container("shell"), "ls", "/tmp")).as("not waited for").doesNotContain("flag");
        await().atMost(Duration.ofSeconds(20)).until(() -> Docker.run("exec", container("shell"), "ls", "/tmp")
                .contains("flag"));
    }

    @Test
    void logs_index_shows_one_replica_only() throws Exception {
        assertThat(mlcompose("cp", "up", "-d", "--wait").exitCode()).isZero();
        assertThat(mlcompose("cp", "exec", "-T", "--index", "2", "box", "sh", "-c", "echo from-two > /proc/1/fd/1")
                .exitCode()).isZero();

        assertThat(mlcompose("cp", "logs", "--index", "2").out()).contains("from-two");
        assertThat(mlcompose("cp", "logs", "--index", "1").out()).doesNotContain("from-two");
        assertThat(mlcompose("cp", "logs").out()).contains("from-two");
    }

    @Test
    void wait_down_project_takes_the_project_down_and_exits_with_the_code() throws Exception {
        assertThat(mlcompose("ps-parity", "up", "-d", "failed").exitCode()).isZero();

        var wait = mlcompose("ps-parity", "wait", "--down-project", "failed");

        assertThat(wait.exitCode()).as(wait.err()).isEqualTo(3);
        assertThat(Docker.run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)).isBlank();
        assertThat(Docker.run("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project))
                .as("named volumes kept, as down without -v").contains(project + "_data");
    }

    @Test
    void up_timestamps_shows_the_engine_time_of_each_line() throws Exception {
        var before = java.time.Instant.now().minusSeconds(5);

        var up = mlcompose("ps-parity", "up", "--timestamps", "--no-color", "done");

        assertThat(up.exitCode()).as(up.err()).isZero();
        String line = up.out().lines().filter(l -> l.contains("a quoted")).findFirst().orElseThrow();
        String stamped = line.substring(line.indexOf("| ") + 2);
        var at = java.time.Instant.parse(stamped.substring(0, stamped.indexOf(' ')));
        assertThat(at).isAfter(before).isBefore(java.time.Instant.now());
        assertThat(stamped).endsWith(" a quoted \"word\" and a long command line, longer than twenty characters");
    }
}
