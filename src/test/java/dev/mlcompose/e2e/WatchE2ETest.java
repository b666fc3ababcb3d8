package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code watch} and {@code up --watch} ({@code develop.watch}) on the engine: files are changed here, and what the
 * container then holds, runs and prints is read back through the engine.
 */
class WatchE2ETest extends EngineScenario {

    private static final Duration SOON = Duration.ofSeconds(30);

    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(scratch.resolve("app"));
        Files.createDirectories(scratch.resolve("conf"));
        Files.writeString(scratch.resolve("app/kept.txt"), "kept\n");
        Files.writeString(scratch.resolve("requirements.txt"), "numpy==1\n");
        Files.writeString(scratch.resolve("Dockerfile"), """
                FROM mlcompose-test/busybox:1
                COPY app /app
                COPY requirements.txt /requirements.txt
                CMD ["sh", "-c", "echo started; trap 'exit 0' TERM; while true; do sleep 1; done"]
                """);
        Files.writeString(scratch.resolve("compose.yaml"), """
                services:
                  web:
                    build: .
                    develop:
                      watch:
                        - {path: ./app, action: sync, target: /app, ignore: ["*.tmp"]}
                        - {path: ./conf, action: sync+exec, target: /conf, exec: {command: touch /tmp/reloaded}}
                        - {path: ./requirements.txt, action: rebuild}
                        - {path: ./restart.flag, action: sync+restart, target: /restart.flag}
                """);
    }

    @AfterEach
    void stopAndRemoveImage() {
        started.forEach(Process::destroyForcibly);
        Docker.purge(project);
        Docker.runQuietly("rmi", "-f", project + "-web");
    }

    @Test
    void watch_syncs_changed_files_removes_deleted_ones_skips_ignored_ones_and_runs_the_exec_command() throws Exception {
        Path log = scratch.resolve("watch.log");
        Process watch = start(log, "watch");
        awaitLog(log, "Watch enabled");

        Files.writeString(scratch.resolve("app/skipped.tmp"), "editor junk\n");
        Files.createDirectories(scratch.resolve("app/nested"));
        Files.writeString(scratch.resolve("app/nested/new.py"), "print('new')\n");
        await().atMost(SOON).ignoreExceptions().untilAsserted(() -> assertThat(cat("/app/nested/new.py")).isEqualTo("print('new')"));
        assertThat(exec("ls", "/app")).as("an ignored file is not synced").doesNotContain("skipped.tmp");

        Files.writeString(scratch.resolve("app/kept.txt"), "changed\n");
        await().atMost(SOON).ignoreExceptions().untilAsserted(() -> assertThat(cat("/app/kept.txt")).isEqualTo("changed"));
        Files.delete(scratch.resolve("app/nested/new.py"));
        await().atMost(SOON).ignoreExceptions().untilAsserted(() -> assertThat(exec("ls", "/app/nested")).isEmpty());

        Files.writeString(scratch.resolve("conf/model.ini"), "lr=0.1\n");
        await().atMost(SOON).ignoreExceptions().untilAsserted(() -> assertThat(exec("ls", "/tmp")).contains("reloaded"));
        assertThat(cat("/conf/model.ini")).isEqualTo("lr=0.1");

        new ProcessBuilder("kill", "-INT", String.valueOf(watch.pid())).start().waitFor();
        assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(Docker.inspect(container("web")).path("State").path("Running").asBoolean())
                .as("the service keeps running after the watch").isTrue();
        assertThat(Files.readString(log)).contains("Syncing service \"web\" after").doesNotContain("Exception");
    }

    @Test
    void a_rebuild_rule_builds_the_image_again_and_recreates_the_container_from_it() throws Exception {
        Path log = scratch.resolve("watch.log");
        start(log, "watch", "--quiet");
        awaitLog(log, "Watch enabled");
        String before = Docker.id(container("web"));

        Files.writeString(scratch.resolve("requirements.txt"), "numpy==2\n");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(Files.readString(log))
                .contains("service \"web\" successfully built and recreated"));
        assertThat(Docker.id(container("web"))).as("a new container").isNotEqualTo(before);
        assertThat(cat("/requirements.txt")).isEqualTo("numpy==2");
        assertThat(Files.readString(log)).as("--quiet hides the builds").doesNotContain("Building").contains("Recreate");
    }

    @Test
    void up_watch_follows_the_output_of_a_container_that_the_watch_restarted_and_ctrl_c_stops_it() throws Exception {
        Path log = scratch.resolve("up.log");
        Process up = start(log, "up", "--watch");
        awaitLog(log, "Watch enabled");
        awaitLog(log, "| started");

        Files.writeString(scratch.resolve("restart.flag"), "1\n");

        await().atMost(SOON).until(() -> Files.readString(log).split("\\| started", -1).length - 1 == 2);
        assertThat(cat("/restart.flag")).isEqualTo("1");
        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(Docker.inspect(container("web")).path("State").path("Running").asBoolean())
                .as("an attached up stops what it started").isFalse();
    }

    @Test
    void watch_refuses_what_it_cannot_do_before_anything_starts() throws Exception {
        Files.writeString(scratch.resolve("plain.yaml"), "services:\n  web:\n    image: mlcompose-test/busybox:1\n");
        var none = Cli.run(scratch, env(), "-f", "plain.yaml", "-p", project, "watch");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("none of the selected services is configured for watch");

        var noBuild = Cli.run(scratch, env(), "-p", project, "up", "--watch", "--no-build");
        assertThat(noBuild.exitCode()).isEqualTo(2);
        assertThat(noBuild.err()).contains("--watch cannot be combined with --no-build");

        Files.writeString(scratch.resolve("image-only.yaml"), """
                services:
                  web:
                    image: mlcompose-test/busybox:1
                    develop: {watch: [{path: ., action: rebuild}]}
                """);
        var rebuild = Cli.run(scratch, env(), "-f", "image-only.yaml", "-p", project, "watch");
        assertThat(rebuild.exitCode()).isEqualTo(1);
        assertThat(rebuild.err()).contains("service web: a watch rule with action rebuild needs a build section");
        assertThat(Docker.containers(project)).as("nothing was started").isEmpty();
    }

    private Process start(Path log, String... args) throws IOException {
        var all = new ArrayList<>(List.of("-p", project, "--progress", "plain"));
        all.addAll(List.of(args));
        Process p = Cli.start(scratch, env(), log, all.toArray(String[]::new));
        started.add(p);
        return p;
    }

    private static Map<String, String> env() {
        return Map.of("HOME", System.getProperty("user.home"));
    }

    private static void awaitLog(Path log, String text) {
        await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(log).contains(text));
    }

    private String cat(String path) {
        return exec("cat", path).strip();
    }

    private String exec(String... command) {
        var all = new ArrayList<>(List.of("exec", container("web")));
        all.addAll(List.of(command));
        return Docker.run(all.toArray(String[]::new)).strip();
    }
}
