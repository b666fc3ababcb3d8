package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.EngineException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the engine is looked for, on a fake environment and home; no engine needed. */
class EngineDiscoveryTest {

    @TempDir
    Path home;

    @Test
    void dockerHostWinsOverContextAndSockets() throws IOException {
        writeContext("colima", "unix:///colima.sock");
        var found = new EngineDiscovery(Map.of("DOCKER_HOST", "tcp://engine:2375"), home, host -> true).find();
        assertThat(found.host()).isEqualTo("tcp://engine:2375");
        assertThat(found.source()).isEqualTo("DOCKER_HOST");
    }

    @Test
    void theCurrentContextIsReadFromTheCliConfig() throws IOException {
        writeContext("colima", "unix:///home/me/.colima/docker.sock");
        var found = new EngineDiscovery(Map.of(), home, host -> true).find();
        assertThat(found.host()).isEqualTo("unix:///home/me/.colima/docker.sock");
        assertThat(found.source()).contains("colima");
    }

    @Test
    void dockerContextOverridesTheCurrentOneAndDefaultMeansSockets() throws IOException {
        writeContext("colima", "unix:///colima.sock");
        var found = new EngineDiscovery(Map.of("DOCKER_CONTEXT", "default"), home, host -> true).find();
        assertThat(found.host()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void socketsAreTriedInOrderUntilOneAnswers() {
        var desktop = "unix://" + home.resolve(".docker/desktop/docker.sock");
        var found = new EngineDiscovery(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), home, desktop::equals).find();
        assertThat(found.host()).isEqualTo(desktop);
        assertThat(found.source()).isEqualTo("Docker Desktop");
    }

    @Test
    void theErrorListsEveryPlaceTriedAndHowToStartAnEngine() {
        var discovery = new EngineDiscovery(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), home, host -> false);
        assertThatThrownBy(discovery::find)
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE))
                .hasMessageContainingAll("unix:///var/run/docker.sock", "unix:///run/user/1000/docker.sock",
                        "unix://" + home.resolve(".docker/run/docker.sock"),
                        "unix://" + home.resolve(".docker/desktop/docker.sock"), "scripts/engine.sh",
                        "sudo systemctl start docker")
                .message().doesNotContain("\n");
    }

    @Test
    void anExplicitHostThatIsDownIsTheOnlyPlaceTried() {
        var discovery = new EngineDiscovery(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"), home);
        assertThatThrownBy(discovery::find)
                .hasMessageContaining("tcp://127.0.0.1:1 (DOCKER_HOST)")
                .hasMessageNotContaining("/var/run/docker.sock");
    }

    @Test
    void theRealProbeConnectsToAUnixSocket() throws IOException {
        Path socket = home.resolve("e.sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(EngineDiscovery.connects("unix://" + socket)).isTrue();
        }
        assertThat(EngineDiscovery.connects("unix://" + socket)).isFalse();
        assertThat(EngineDiscovery.connects("ssh://me@host")).isFalse();
    }

    @Test
    void theEngineIsNotLookedForUntilTheFirstCall() {
        var engine = new DockerEngine(() -> {
            throw new AssertionError("discovery ran too early");
        });
        engine.close();
    }

    @Test
    void anEngineThatStopsAnsweringIsRetriedThenUnavailable() {
        Path gone = home.resolve("gone.sock");
        var engine = new DockerEngine(() -> new EngineDiscovery.Endpoint("unix://" + gone, "test", Optional.empty(),
                home.resolve(".docker")));
        long start = System.nanoTime();
        assertThatThrownBy(engine::info)
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE))
                .hasMessageContaining("cannot reach the engine at unix://" + gone);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500),
                Duration.ofSeconds(5));
        engine.close();
    }

    private void writeContext(String name, String host) throws IOException {
        Path docker = Files.createDirectories(home.resolve(".docker"));
        Files.writeString(docker.resolve("config.json"), "{\"currentContext\": \"" + name + "\"}");
        Path meta = Files.createDirectories(docker.resolve("contexts/meta").resolve(EngineDiscovery.sha256(name)));
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},"
                + "\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
    }
}
