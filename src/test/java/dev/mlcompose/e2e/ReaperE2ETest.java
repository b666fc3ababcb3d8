package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mlcompose.runner.api.MlCompose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A test JVM killed with kill -9 leaves nothing behind once the next environment starts. */
class ReaperE2ETest extends EngineScenario {

    /** The JVM that gets killed: brings the project up, says so, and waits. */
    public static void main(String[] args) throws Exception {
        MlCompose.project(Path.of(args[0])).withProjectName(args[1]).up();
        System.out.println("UP");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void kill_9_of_a_test_jvm_is_swept_by_the_next_start() throws Exception {
        Path log = scratch.resolve("killed-jvm.log");
        Process jvm = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReaperE2ETest.class.getName(),
                SCENARIOS.resolve("interop/compose.yaml").toString(), project))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).contains("UP") || !jvm.isAlive());
        assertThat(Docker.containers(project)).as(Files.readString(log)).hasSize(2);

        jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs

        assertThat(Docker.containers(project)).as("left behind by the killed JVM").hasSize(2);
        try (var next = MlCompose.project(SCENARIOS.resolve("interop/compose.yaml")).up()) {
            assertThat(Docker.containers(project)).as("swept when the next environment starts").isEmpty();
            assertThat(Docker.networks(project)).isEmpty();
        }
    }
}
