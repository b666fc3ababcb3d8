package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How {@code up} fails: one line naming the service and the cause, exit code 1, nothing half-done hidden. */
class FailuresE2ETest extends EngineScenario {

    @Test
    void a_job_exiting_3_fails_its_dependants_with_the_exit_code_and_last_lines() throws Exception {
        var up = mlcompose("failing-job", "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service train").contains("dependency prepare exited with code 3")
                .contains("shard 7 is corrupt").doesNotContain("\tat ");
        assertThat(Docker.containers(project)).containsExactly(container("prepare"));
    }

    @Test
    void an_unhealthy_dependency_without_restart_policy_fails_at_once_quoting_the_probe() throws Exception {
        var up = mlcompose("unhealthy", "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service app").contains("dependency db is unhealthy")
                .contains("connection refused on 5432").doesNotContain("within");
    }

    @Test
    void a_service_killed_for_memory_right_after_it_started_fails_wait() throws Exception {
        var up = mlcompose("oom", "up", "-d", "--wait");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("embedder was killed: out of memory, limit 32 MiB")
                .doesNotContain("Ready").doesNotContain("\tat ");
    }

    @Test
    void a_crash_loop_fails_wait_at_its_deadline_with_its_restarts() throws Exception {
        var up = mlcompose("oom", "--profile", "crashloop", "up", "-d", "--wait", "--wait-timeout", "4", "flaky");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).containsPattern("flaky kept restarting: [1-9][0-9]* restarts during the wait, never up"
                + " for 1s, last exited with code 2:\\s+shard 7 is corrupt").doesNotContain("Ready").doesNotContain("\tat ");
    }

    @Test
    void an_engine_that_accepts_but_never_answers_is_exit_4_at_the_first_answer_deadline_naming_it() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var held = new CopyOnWriteArrayList<Socket>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // reads nothing, answers nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String host = "tcp://127.0.0.1:" + silent.getLocalPort();
            for (String command : new String[] {"up", "down"}) {
                long start = System.nanoTime();
                var result = mlcompose("dag", Map.of("DOCKER_HOST", host), command.equals("up")
                        ? new String[] {"up", "-d"} : new String[] {"down"});

                assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
                assertThat(result.err()).contains("the engine at " + host + " (DOCKER_HOST) accepted the connection"
                        + " but did not answer within 10s").doesNotContain("\tat ");
                // once at the deadline, not once per retry or per thread
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(19));
            }
            for (var socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void a_network_the_engine_refuses_leaves_no_half_made_container() throws Exception {
        var up = mlcompose("half-made", "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("user specified IP address is supported only when connecting to networks with"
                + " user configured subnets").doesNotContain("\tat ");
        // compose 2.26.1 leaves app-1 created on its first network only, which its next up would keep
        assertThat(Docker.containers(project)).isEmpty();
    }

    @Test
    void a_taken_port_is_named() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            var up = mlcompose("port-conflict", Map.of("TAKEN_PORT", port), "up", "-d");

            assertThat(up.exitCode()).isEqualTo(1);
            assertThat(up.err()).contains(port).containsIgnoringCase("already").doesNotContain("\tat ");
        }
    }

    @Test
    void a_missing_image_is_named() throws Exception {
        var up = mlcompose("missing-image", "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service model").contains("mlcompose-test/does-not-exist:1");
    }
}
