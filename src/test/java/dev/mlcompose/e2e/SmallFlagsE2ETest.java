package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * compose's smaller flags: {@code exec -d}, {@code logs --index}, {@code wait --down-project}, {@code up --timestamps},
 * {@code kill --remove-orphans}.
 */
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
    void events_since_until_replays_a_window_with_the_engines_times_and_ends_by_itself() throws Exception {
        long before = java.time.Instant.now().getEpochSecond() - 1;
        assertThat(mlcompose("ps-parity", "up", "-d", "failed").exitCode()).isZero();
        String id = Docker.id(container("failed"));
        long after = java.time.Instant.now().getEpochSecond() + 1;

        var events = mlcompose("ps-parity", "events", "--json", "--since", String.valueOf(before), "--until",
                String.valueOf(after));
        var none = mlcompose("ps-parity", "events", "--since", String.valueOf(before - 3600), "--until",
                String.valueOf(before - 1800));

        assertThat(events.exitCode()).as(events.err()).isZero();
        var lines = events.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.contains("\"action\":\"create\"") && l.contains(id))
                .anyMatch(l -> l.contains("\"action\":\"start\"") && l.contains(id));
        var created = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0)).path("time").asText();
        assertThat(java.time.Instant.parse(created).getEpochSecond()).as("the engine's time, not the print's")
                .isBetween(before, after);
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).as("nothing of this project then").isBlank();
    }

    @Test
    void start_wait_waits_for_health_and_jobs_and_names_a_service_that_fails() throws Exception {
        assertThat(mlcompose("dag", "up", "-d", "--wait").exitCode()).isZero();
        assertThat(mlcompose("dag", "stop").exitCode()).isZero();

        var start = mlcompose("dag", "start", "--wait");

        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.err()).contains(container("db") + " Ready")
                .contains("optional-job exited with code 7 (only an optional dependency: start goes on)");
        assertThat(Docker.inspect(container("db")).path("State").path("Health").path("Status").asText())
                .as("returned once healthy").isEqualTo("healthy");
        assertThat(Docker.inspect(container("migrate")).path("State").path("ExitCode").asInt()).isZero();

        assertThat(mlcompose("ps-parity", "up", "-d", "failed").exitCode()).isZero();
        var failed = mlcompose("ps-parity", "start", "--wait", "failed");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("service failed").contains("exited with code 3");
    }

    @Test
    void abort_on_container_failure_goes_on_past_clean_exits_and_stops_everything_at_a_failure_with_its_code()
            throws Exception {
        java.nio.file.Files.writeString(scratch.resolve("compose.yaml"), """
                services:
                  clean: {image: mlcompose-test/busybox:1, command: ["true"]}
                  fail: {image: mlcompose-test/busybox:1, command: ["sh", "-c", "sleep 2; exit 111"]}
                  long: {image: mlcompose-test/busybox:1, command: ["sleep", "120"], init: true}
                """);
        var up = Cli.run(scratch, java.util.Map.of("HOME", System.getProperty("user.home")), "-p", project,
                "--progress", "plain", "up", "--abort-on-container-failure", "-y");

        assertThat(up.exitCode()).as(up.err()).isEqualTo(111);
        assertThat(Docker.inspect(container("long")).path("State").path("Running").asBoolean())
                .as("stopped at the failure").isFalse();
        assertThat(Docker.inspect(container("clean")).path("State").path("ExitCode").asInt()).isZero();
        var both = Cli.run(scratch, java.util.Map.of("HOME", System.getProperty("user.home")), "-p", project, "up",
                "--abort-on-container-failure", "--abort-on-container-exit");
        assertThat(both.exitCode()).isEqualTo(2);
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
        var before = Instant.now().minusSeconds(5);

        var up = mlcompose("ps-parity", "up", "--timestamps", "--no-color", "done");

        assertThat(up.exitCode()).as(up.err()).isZero();
        String line = up.out().lines().filter(l -> l.contains("a quoted")).findFirst().orElseThrow();
        String stamped = line.substring(line.indexOf("| ") + 2);
        var at = Instant.parse(stamped.substring(0, stamped.indexOf(' ')));
        assertThat(at).isAfter(before).isBefore(Instant.now());
        assertThat(stamped).endsWith(" a quoted \"word\" and a long command line, longer than twenty characters");
    }

    @Test
    void kill_leaves_orphans_alone_unless_remove_orphans_and_then_kills_but_keeps_them_as_compose() throws Exception {
        ComposeV2.require("kill --remove-orphans");
        String services = "services:\n  keep:\n    image: mlcompose-test/busybox:1\n    init: true\n    command: sleep 3600\n";
        Files.writeString(scratch.resolve("compose.yaml"), services
                + "  gone:\n    image: mlcompose-test/busybox:1\n    init: true\n    command: sleep 3600\n");
        var env = Map.of("HOME", System.getProperty("user.home"));
        String[] up = {"-p", project, "up", "-d", "--wait"};
        assertThat(Cli.run(scratch, env, up).exitCode()).isZero();
        Files.writeString(scratch.resolve("compose.yaml"), services);

        assertThat(Cli.run(scratch, env, "-p", project, "kill").exitCode()).isZero();
        assertThat(running(project)).containsExactly(project + "-gone-1");
        assertThat(Cli.run(scratch, env, "-p", project, "kill", "--remove-orphans").exitCode()).isZero();
        assertThat(running(project)).isEmpty();
        assertThat(Docker.containers(project)).as("killed, not removed").hasSize(2);

        String reference = project + "-compose";
        try {
            Files.writeString(scratch.resolve("compose.yaml"), services
                    + "  gone:\n    image: mlcompose-test/busybox:1\n    init: true\n    command: sleep 3600\n");
            ComposeV2.run(scratch, reference, "up", "-d", "--wait");
            Files.writeString(scratch.resolve("compose.yaml"), services);
            ComposeV2.run(scratch, reference, "kill");
            assertThat(running(reference)).containsExactly(reference + "-gone-1");
            ComposeV2.run(scratch, reference, "kill", "--remove-orphans");
            assertThat(running(reference)).isEmpty();
            assertThat(Docker.containers(reference)).hasSize(2);
        } finally {
            Docker.purge(reference);
        }
    }

    private static List<String> running(String project) {
        return Docker.run("ps", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Names}}")
                .lines().filter(l -> !l.isBlank()).toList();
    }
}
