package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.PortBinding;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The container list's entries and the events as the engine writes them (API 1.41), read from their JSON. */
class TreeCallsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anExitedEntryGivesItsExitCodeAndOnlyItsPublishedPorts() throws IOException {
        ContainerState c = ContainerStates.of(json.readTree("""
                {"Id": "abc123", "Names": ["/demo-train-1"], "Image": "demo-train", "State": "exited",
                 "Status": "Exited (3) 2 seconds ago",
                 "Labels": {"com.docker.compose.service": "train", "com.docker.compose.project": "demo"},
                 "Ports": [{"PrivatePort": 9000, "Type": "tcp"},
                           {"IP": "127.0.0.1", "PrivatePort": 8080, "PublicPort": 49153, "Type": "tcp"}]}
                """));
        assertThat(c.id()).isEqualTo("abc123");
        assertThat(c.name()).isEqualTo("demo-train-1");
        assertThat(c.image()).isEqualTo("demo-train");
        assertThat(c.status()).isEqualTo("exited");
        assertThat(c.isRunning()).isFalse();
        assertThat(c.exitCode()).isEqualTo(3);
        assertThat(c.label("com.docker.compose.service")).isEqualTo("train");
        assertThat(c.health()).isEmpty();
        assertThat(c.ports()).containsExactly(new PortBinding("127.0.0.1", "49153", 8080, "tcp"));
    }

    @Test
    void aRunningEntryGivesItsHealthFromTheStatusText() throws IOException {
        ContainerState starting = ContainerStates.of(json.readTree("""
                {"Id": "def456", "Names": ["/demo-db-1"], "Image": "postgres", "State": "running",
                 "Status": "Up 4 seconds (health: starting)", "Labels": {}, "Ports": []}
                """));
        assertThat(starting.isRunning()).isTrue();
        assertThat(starting.health()).contains("starting");
        assertThat(starting.exitCode()).isZero();
        ContainerState healthy = ContainerStates.of(json.readTree("""
                {"Id": "def456", "Names": ["/demo-db-1"], "State": "running", "Status": "Up 9 seconds (healthy)"}
                """));
        assertThat(healthy.health()).contains("healthy");
        assertThat(healthy.labels()).isEmpty();
        assertThat(healthy.ports()).isEmpty();
    }

    @Test
    void anEntryWithoutNamesIsNamedByItsId() throws IOException {
        ContainerState c = ContainerStates.of(json.readTree("{\"Id\": \"0123abcd\", \"State\": \"created\"}"));
        assertThat(c.name()).isEqualTo("0123abcd");
        assertThat(c.status()).isEqualTo("created");
    }

    @Test
    void anEventGivesItsContainerActionAttributesAndTime() throws IOException {
        EngineEvent die = TreeCalls.event(json.readTree("""
                {"status": "die", "id": "abc123", "from": "busybox", "Type": "container", "Action": "die",
                 "Actor": {"ID": "abc123", "Attributes": {"exitCode": "137", "name": "demo-train-1"}},
                 "scope": "local", "time": 1795896131, "timeNano": 1795896131608000000}
                """));
        assertThat(die.containerId()).isEqualTo("abc123");
        assertThat(die.action()).isEqualTo("die");
        assertThat(die.attributes()).containsEntry("exitCode", "137").containsEntry("name", "demo-train-1");
        assertThat(die.timeNanos()).isEqualTo(1795896131608000000L);
    }

    @Test
    void aHealthEventKeepsItsFullActionAndAnOldEventItsSecondsAsNanos() throws IOException {
        JsonNode old = json.readTree("""
                {"status": "health_status: healthy", "id": "abc123", "time": 1795896131}
                """);
        EngineEvent health = TreeCalls.event(old);
        assertThat(health.isHealthStatus()).isTrue();
        assertThat(health.action()).isEqualTo("health_status: healthy");
        assertThat(health.containerId()).isEqualTo("abc123");
        assertThat(health.timeNanos()).isEqualTo(1795896131_000_000_000L);
        assertThat(health.attributes()).isEmpty();
    }
}
