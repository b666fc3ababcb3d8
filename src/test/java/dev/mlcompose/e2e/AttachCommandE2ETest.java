package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code attach}: a running container's output, and input into it, until it exits with its code. */
class AttachCommandE2ETest extends EngineScenario {

    private Map<String, String> env;

    @BeforeEach
    void files() throws Exception {
        env = Map.of("HOME", System.getProperty("user.home"));
        Files.writeString(scratch.resolve("compose.yaml"), """
                services:
                  ticker:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "n=0; until [ -f /tmp/go ]; do n=$$((n+1)); echo tick $$n; sleep 0.3; done; echo done >&2; exit 3"]
                  echo:
                    image: mlcompose-test/busybox:1
                    stdin_open: true
                    command: ["sh", "-c", "read line; sleep 1; echo got $$line"]
                  console:
                    image: mlcompose-test/busybox:1
                    tty: true
                    stdin_open: true
                    command: sh
                  trapper:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "trap 'echo got INT; exit 42' INT; while true; do echo alive; sleep 0.3; done"]
                """);
        assertThat(Cli.run(scratch, env, "-p", project, "up", "-d").exitCode()).isZero();
    }

    @Test
    void attach_follows_the_output_until_the_container_exits_and_exits_with_its_code() throws Exception {
        Path log = scratch.resolve("attach.log");
        Process attach = Cli.start(scratch, env, log, "-p", project, "attach", "--no-stdin", "ticker");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("tick"));

        Docker.run("exec", container("ticker"), "touch", "/tmp/go");

        assertThat(attach.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(attach.exitValue()).isEqualTo(3);
        assertThat(Files.readString(log)).contains("tick").contains("done");
    }

    @Test
    void piped_input_goes_in_and_the_output_after_its_end_still_comes_out() throws Exception {
        Path input = Files.writeString(scratch.resolve("in.txt"), "hello\n");
        Path output = scratch.resolve("out.txt");

        var attach = Cli.piped(scratch, List.of("java", "-jar", Cli.JAR.toString(), "-p", project, "attach", "echo"), input,
                output);

        assertThat(attach.exitCode()).as(attach.err()).isZero();
        assertThat(Files.readString(output)).isEqualTo("got hello\n");
    }

    @Test
    void ctrl_c_goes_to_the_container_as_compose_s_sig_proxy_and_with_sig_proxy_false_ends_the_attach_only()
            throws Exception {
        Path kept = scratch.resolve("kept.log");
        Process detached = Cli.start(scratch, env, kept, "-p", project, "attach", "--no-stdin", "--sig-proxy=false",
                "trapper");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(kept).contains("alive"));
        new ProcessBuilder("kill", "-INT", String.valueOf(detached.pid())).start().waitFor();
        assertThat(detached.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Docker.inspect(container("trapper")).path("State").path("Running").asBoolean())
                .as("--sig-proxy=false leaves the container running").isTrue();

        Path log = scratch.resolve("attach.log");
        Process attach = Cli.start(scratch, env, log, "-p", project, "attach", "--no-stdin", "trapper");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("alive"));
        new ProcessBuilder("kill", "-INT", String.valueOf(attach.pid())).start().waitFor();

        assertThat(attach.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(attach.exitValue()).as(Files.readString(log)).isEqualTo(42);
        assertThat(Files.readString(log)).contains("got INT");
    }

    @Test
    void ctrl_p_ctrl_q_detaches_a_terminal_and_leaves_the_container_running_as_docker_attach() throws Exception {
        var terminal = attachedConsole("");

        String screen = terminal.type("\u0010\u0011").finish();

        assertThat(screen).contains("read escape sequence", "rc=1").doesNotContain("Exception");
        assertThat(Docker.inspect(container("console")).path("State").path("Running").asBoolean()).isTrue();
    }

    @Test
    void detach_keys_replace_the_engines_and_a_key_that_is_none_is_refused() throws Exception {
        var terminal = attachedConsole("--detach-keys ctrl-x,x ");
        terminal.type("\u0010\u0011\u0003echo still-$((1+1))\r").awaitShown("still-2");

        String screen = terminal.type("\u0018x").finish();

        assertThat(screen).as("Ctrl-P Ctrl-Q went to the container's shell").contains("still-2")
                .contains("read escape sequence", "rc=1");
        assertThat(Docker.inspect(container("console")).path("State").path("Running").asBoolean()).isTrue();
        var wrong = Cli.run(scratch, env, "-p", project, "attach", "--detach-keys", "ctrl-pp", "console");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("\"ctrl-pp\" is not a key");
    }

    /** {@code attach FLAGS console} on a terminal, once the console's shell answers what is typed. */
    private TerminalSession attachedConsole(String flags) throws Exception {
        var terminal = TerminalSession.start(scratch, scratch.resolve("screen.txt"), "java -jar " + Cli.JAR + " -p "
                + project + " attach " + flags + "console; echo rc=$?");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            terminal.type("echo typed-$((6*7))\r");
            return terminal.shown().contains("typed-42");
        });
        return terminal;
    }

    @Test
    void a_service_without_a_running_container_is_named() throws Exception {
        var attach = Cli.run(scratch, env, "-p", project, "attach", "--index", "2", "ticker");

        assertThat(attach.exitCode()).isEqualTo(1);
        assertThat(attach.err()).contains("service ticker has no running container #2").doesNotContain("\tat ");
    }
}
