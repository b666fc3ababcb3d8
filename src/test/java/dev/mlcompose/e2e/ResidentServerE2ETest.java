package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MLCOMPOSE_SERVER=1}: commands handed by the launcher's thin client to one resident JVM behave as they do
 * in a JVM of their own: each client's environment, directory, stdin, output, exit code and signals.
 */
class ResidentServerE2ETest extends EngineScenario {

    /** This class's own server: its socket lives here, so it meets no other. */
    @TempDir
    static Path runtime;

    @AfterAll
    static void stopServer() {
        servers().forEach(ProcessHandle::destroy);
    }

    @Test
    void commands_of_clients_served_at_once_each_see_their_own_environment() throws Exception {
        Path a = scratch.resolve("a.out");
        Path b = scratch.resolve("b.out");
        Process first = Cli.start(SCENARIOS.resolve("server"), server(Map.of("TAG", "first")), a,
                "-f", "compose.yaml", "-p", project, "config");
        Process second = Cli.start(SCENARIOS.resolve("server"), server(Map.of("TAG", "second")), b,
                "-f", "compose.yaml", "-p", project, "config");
        assertThat(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(first.exitValue()).isZero();
        assertThat(second.exitValue()).isZero();
        assertThat(Files.readString(a)).contains("tag=first").doesNotContain("tag=second");
        assertThat(Files.readString(b)).contains("tag=second").doesNotContain("tag=first");
        assertThat(servers()).as("one resident server ran both").hasSize(1);
        var own = mlcompose("server", Map.of("TAG", "first"), "config");
        assertThat(Files.readString(a)).as("the same output as a JVM of its own").isEqualTo(own.out() + own.err());
    }

    @Test
    void up_ps_and_down_through_the_server_as_in_a_jvm_of_its_own() throws Exception {
        var up = served("up", "-d", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(Docker.inspect(container("echo")).path("State").path("Running").asBoolean()).isTrue();

        var ps = served("ps", "--format", "{{.Name}} {{.State}}");
        assertThat(ps.out()).isEqualTo(mlcompose("server", "ps", "--format", "{{.Name}} {{.State}}").out())
                .isEqualTo(container("echo") + " running\n");

        var down = served("down", "-t", "1");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(Docker.run("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project)).isBlank();
    }

    @Test
    void a_bad_file_is_the_same_one_line_and_exit_code() throws Exception {
        var served = Cli.run(SCENARIOS.resolve("server"), server(Map.of()), "-f", "missing.yaml", "config");
        var own = Cli.run(SCENARIOS.resolve("server"), Map.of(), "-f", "missing.yaml", "config");

        assertThat(served.exitCode()).isEqualTo(own.exitCode()).isEqualTo(3);
        assertThat(served.err()).isEqualTo(own.err()).startsWith("error: ").hasLineCount(1);
    }

    @Test
    void a_compose_file_on_stdin_is_read_from_the_client() throws Exception {
        var builder = new ProcessBuilder(Cli.command(Map.of("MLCOMPOSE_SERVER", "1"), "-f", "-", "-p", project,
                "config", "--services")).directory(scratch.toFile());
        builder.environment().clear();
        builder.environment().putAll(Cli.baseEnvironment());
        builder.environment().putAll(server(Map.of()));
        Process config = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var stdin = config.getOutputStream()) {
            stdin.write("services:\n  piped:\n    image: busybox\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("piped\n");
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).isZero();
    }

    @Test
    void ctrl_c_stops_an_attached_up_that_the_server_runs() throws Exception {
        var log = scratch.resolve("up.log");
        Process up = Cli.start(SCENARIOS.resolve("interrupt"), server(Map.of()), log,
                "-f", "compose.yaml", "-p", project, "up");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("tick"));

        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("up ends after Ctrl-C").isTrue();
        assertThat(up.exitValue()).isEqualTo(130);
        assertThat(Files.readString(log)).contains("Gracefully stopping... (press Ctrl+C again to force)", "canceled");
        assertThat(Docker.inspect(container("slow")).path("State").path("Running").asBoolean()).isFalse();
    }

    @Test
    void a_client_gone_mid_up_is_a_hang_up_that_stops_the_containers() throws Exception {
        var log = scratch.resolve("up.log");
        Process up = Cli.start(SCENARIOS.resolve("interrupt"), server(Map.of()), log,
                "-f", "compose.yaml", "-p", project, "up");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("tick"));

        up.destroyForcibly(); // SIGKILL: the client says nothing, its connection just ends

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(List.of(
                Docker.inspect(container("slow")).path("State").path("Running").asBoolean(),
                Docker.inspect(container("next")).path("State").path("Running").asBoolean()))
                .as("the server's up stopped what it started").containsOnly(false));
    }

    @Test
    void a_signal_that_no_phase_handles_ends_the_client_as_it_ends_a_jvm() throws Exception {
        assertThat(served("up", "-d").exitCode()).isZero();
        var log = scratch.resolve("logs.log");
        Process logs = Cli.start(SCENARIOS.resolve("server"), server(Map.of()), log,
                "-f", "compose.yaml", "-p", project, "logs", "-f");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("tag=none"));

        new ProcessBuilder("kill", "-TERM", String.valueOf(logs.pid())).start().waitFor();

        assertThat(logs.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(logs.exitValue()).as("128 + SIGTERM, as a JVM of its own").isEqualTo(143);
    }

    @Test
    void a_command_that_needs_a_terminal_of_its_own_runs_in_a_jvm_of_its_own() throws Exception {
        var run = served("run", "--rm", "-T", "echo", "echo", "from-a-one-off");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("from-a-one-off\n");
    }

    private Cli.Result served(String... args) throws IOException, InterruptedException {
        var all = new ArrayList<>(List.of("-f", "compose.yaml", "-p", project, "--progress", "plain"));
        all.addAll(List.of(args));
        return Cli.run(SCENARIOS.resolve("server"), server(Map.of()), all.toArray(String[]::new));
    }

    private static Map<String, String> server(Map<String, String> env) {
        var all = new HashMap<>(env);
        all.put("MLCOMPOSE_SERVER", "1");
        all.put("XDG_RUNTIME_DIR", runtime.toString());
        all.put("HOME", System.getProperty("user.home"));
        return all;
    }

    /** The servers on this class's socket directory. */
    private static List<ProcessHandle> servers() {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .filter(line -> line.contains("CommandServer") && line.contains(runtime.toString())).isPresent())
                .toList();
    }
}
