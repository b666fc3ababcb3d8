package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two runs of one project at the same moment. Two {@code up}s at the same moment (two CI steps, a user and a script) converge on one project:
 * one container per replica, one network of each name, both commands successful, and {@code down} removes all.
 * Each process gets a lock directory of its own, as on two machines sharing one engine, so what is checked is
 * the handling of the engine's answers (a name taken, a network created twice), not the lock on this machine.
 * Two {@code down}s at once both succeed and leave nothing, as in compose.
 */
class ConcurrentRunsE2ETest extends EngineScenario {

    private static final int TRIALS = 5;

    @Test
    void two_ups_started_together_converge_on_one_project_five_times_out_of_five() throws Exception {
        for (int trial = 1; trial <= TRIALS; trial++) {
            String name = project + "-" + trial;
            try {
                var ups = new ArrayList<Process>();
                var logs = new ArrayList<Path>();
                for (int p = 0; p < 2; p++) {
                    Path tmp = Files.createDirectories(scratch.resolve("tmp-" + trial + "-" + p));
                    Path log = scratch.resolve("up-" + trial + "-" + p + ".log");
                    logs.add(log);
                    ups.add(Cli.start(SCENARIOS.resolve("concurrent"), Map.of("HOME", System.getProperty("user.home"),
                            "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp), log,
                            "-f", "compose.yaml", "-p", name, "--progress", "plain", "up", "-d"));
                }
                for (var up : ups) {
                    assertThat(up.waitFor(120, TimeUnit.SECONDS)).as("an up of trial %d ended", trial).isTrue();
                }
                String both = Files.readString(logs.get(0)) + "\n---\n" + Files.readString(logs.get(1));
                assertThat(ups).as("trial %d: %s", trial, both).allMatch(up -> up.exitValue() == 0);

                assertThat(Docker.containers(name)).as("trial %d", trial).containsExactly(name + "-app-1",
                        name + "-db-1", name + "-worker-1", name + "-worker-2");
                assertThat(Docker.networks(name)).as("trial %d", trial).containsExactly(name + "_back", name + "_default");
                var down = Cli.run(SCENARIOS.resolve("concurrent"), Map.of("HOME", System.getProperty("user.home")),
                        "-f", "compose.yaml", "-p", name, "down");
                assertThat(down.exitCode()).as(down.err()).isZero();
                assertThat(Docker.containers(name)).isEmpty();
                assertThat(Docker.networks(name)).isEmpty();
            } finally {
                Docker.purge(name);
            }
        }
    }

    @Test
    void two_downs_started_together_both_succeed_and_leave_nothing() throws Exception {
        for (int trial = 1; trial <= 3; trial++) {
            var up = mlcompose("concurrent", "up", "-d");
            assertThat(up.exitCode()).as(up.err()).isZero();

            var downs = new ArrayList<Process>();
            var logs = new ArrayList<Path>();
            for (int p = 0; p < 2; p++) {
                Path log = scratch.resolve("down-" + trial + "-" + p + ".log");
                logs.add(log);
                downs.add(Cli.start(SCENARIOS.resolve("concurrent"), Map.of("HOME", System.getProperty("user.home")),
                        log, "-f", "compose.yaml", "-p", project, "--progress", "plain", "down"));
            }
            for (var down : downs) {
                assertThat(down.waitFor(120, TimeUnit.SECONDS)).as("a down of trial %d ended", trial).isTrue();
            }
            String both = Files.readString(logs.get(0)) + "\n---\n" + Files.readString(logs.get(1));
            assertThat(downs).as("trial %d: %s", trial, both).allMatch(down -> down.exitValue() == 0);
            assertThat(Docker.containers(project)).as("trial %d", trial).isEmpty();
            assertThat(Docker.networks(project)).as("trial %d", trial).isEmpty();
        }
    }
}
