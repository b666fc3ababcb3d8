package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.EngineException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint that accepts connections but never answers, as a hung engine or a wrong port behind a proxy. */
class SilentEngineTest {

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final ServerSocket silent = silentEndpoint();
    @TempDir
    Path home;

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void the_first_call_fails_at_its_deadline_naming_the_endpoint_and_later_calls_fail_at_once() {
        String host = "tcp://127.0.0.1:" + silent.getLocalPort();
        var engine = new DockerEngine(() -> new EngineDiscovery.Endpoint(host, "DOCKER_HOST", Optional.empty(),
                home), Duration.ofMillis(500), DockerEngine.CALL_DEADLINE);

        long start = System.nanoTime();
        assertThatThrownBy(() -> engine.containers(Map.of(), false))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.SILENT))
                .hasMessage("the engine at " + host + " (DOCKER_HOST) accepted the connection but did not answer"
                        + " within 500ms");
        assertThat(accepted).hasSize(1);
        long second = System.nanoTime();
        assertThatThrownBy(() -> engine.networks(Map.of())).hasMessageContaining("did not answer");

        // not asked again: a retry would multiply the wait
        assertThat(Duration.ofNanos(System.nanoTime() - second)).isLessThan(Duration.ofMillis(500));
        assertThat(accepted).hasSize(1);
        engine.close();
    }

    private ServerSocket silentEndpoint() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            thread.setDaemon(true);
            thread.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
