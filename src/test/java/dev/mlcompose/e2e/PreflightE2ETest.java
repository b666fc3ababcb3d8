package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the engine cannot give fails {@code up} before anything is created, one line per problem (compose fails
 * half-way), and {@code healthcheck.start_interval} works on every engine.
 */
class PreflightE2ETest extends EngineScenario {

    @Test
    void missing_devices_and_too_many_cpus_fail_up_before_anything_is_created() throws Exception {
        var up = mlcompose("preflight", Map.of("BIG_CPUS", String.valueOf(Runtime.getRuntime().availableProcessors()
                + 62)), "up", "-d");

        assertThat(up.exitCode()).as(up.err()).isEqualTo(1);
        assertThat(up.err()).contains("service rocm-training: the engine refuses devices:")
                .contains("/dev/kfd").contains("service big: cpus: cpus ").contains("is more than the engine's")
                .doesNotContain("\tat ");
        assertThat(Docker.containers(project)).as("not even the database was started").isEmpty();
        assertThat(Docker.networks(project)).as("the network made meanwhile is removed again").isEmpty();
    }

    @Test
    void start_interval_makes_a_chain_ready_in_seconds_on_any_engine() throws Exception {
        long t = System.nanoTime();
        var up = mlcompose("start-interval", "up", "-d", "--wait");
        Duration took = Duration.ofNanos(System.nanoTime() - t);

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(took).as("3 services, each probed after interval (30 s) without start_interval")
                .isLessThan(Duration.ofSeconds(25));
        assertThat(Duration.between(Docker.startedAt(container("first")), Docker.startedAt(container("second"))))
                .as("second waited for first to be ready (~2 s after its start)").isGreaterThan(Duration.ofMillis(1900));
        if (EngineVersion.apiAtLeast("1.44")) {
            assertThat(up.err()).doesNotContain("start_interval");
        } else {
            assertThat(up.err()).contains("healthcheck.start_interval needs Docker Engine 25 (API 1.44); this engine"
                    + " speaks API " + EngineVersion.api() + ", so mlcompose runs the healthcheck of first, second, third"
                    + " itself");
        }
    }
}
