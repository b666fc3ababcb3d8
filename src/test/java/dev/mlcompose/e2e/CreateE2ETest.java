package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code create}, {@code up --no-start} and {@code up --always-recreate-deps}: each command line runs through
 * mlcompose and through docker compose v2 on the same file, and leaves the engine in the same state.
 */
class CreateE2ETest extends EngineScenario {

    private String composeProject() {
        return project + "-compose";
    }

    @AfterEach
    void removeComposeProject() {
        Docker.purge(composeProject());
    }

    @Test
    void create_makes_every_container_and_starts_none_as_compose_does() throws Exception {
        ComposeV2.require("create");
        var create = mlcompose("create", "create");
        ComposeV2.run(SCENARIOS.resolve("create"), composeProject(), "create");

        assertThat(create.exitCode()).as(create.err()).isZero();
        assertThat(states(project)).isEqualTo(Map.of("app", "created", "db", "created"))
                .isEqualTo(states(composeProject()));
        assertThat(Docker.volumes(project)).contains(project + "_data");

        var start = mlcompose("create", "start");
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(states(project)).isEqualTo(Map.of("app", "running", "db", "running"));
    }

    @Test
    void up_no_start_with_wait_creates_and_waits_for_nothing() throws Exception {
        ComposeV2.require("up --no-start");
        var up = mlcompose("create", "up", "--no-start", "--wait", "app");
        var compose = ComposeV2.result(SCENARIOS.resolve("create"), composeProject(), "up", "--no-start", "--wait", "app");

        assertThat(up.exitCode()).as(up.err()).isZero().isEqualTo(compose.exitCode());
        assertThat(states(project)).isEqualTo(Map.of("app", "created", "db", "created"))
                .isEqualTo(states(composeProject()));
    }

    @Test
    void always_recreate_deps_replaces_the_dependency_of_the_service_named_and_keeps_its_volume() throws Exception {
        ComposeV2.require("up --always-recreate-deps");
        assertThat(mlcompose("create", "up", "-d", "--wait").exitCode()).isZero();
        Docker.run("exec", container("db"), "sh", "-c", "echo kept > /data/file");
        String db = Docker.id(container("db"));
        String app = Docker.id(container("app"));

        var again = mlcompose("create", "up", "-d", "--wait", "--always-recreate-deps", "app");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Docker.id(container("db"))).as("db recreated").isNotEqualTo(db);
        assertThat(Docker.id(container("app"))).as("app recreated after its dependency, as compose").isNotEqualTo(app);
        assertThat(Docker.run("exec", container("db"), "cat", "/data/file")).contains("kept");
        assertThat(states(project)).isEqualTo(Map.of("app", "running", "db", "running"));

        String unchanged = Docker.id(container("db"));
        assertThat(mlcompose("create", "up", "-d", "--always-recreate-deps").exitCode()).isZero();
        assertThat(Docker.id(container("db"))).as("no service named: every one is asked for, none recreated")
                .isEqualTo(unchanged);
    }

    @Test
    void always_recreate_deps_and_no_recreate_are_refused_together() throws Exception {
        var up = mlcompose("create", "up", "-d", "--always-recreate-deps", "--no-recreate");

        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("--always-recreate-deps and --no-recreate are incompatible");
        assertThat(Docker.containers(project)).isEmpty();
    }

    /** Each service's container state, by service. */
    private static Map<String, String> states(String project) {
        var states = new TreeMap<String, String>();
        for (String line : Docker.run("ps", "-a", "--filter", "label=com.docker.compose.project=" + project, "--format",
                "{{.Label \"com.docker.compose.service\"}} {{.State}}").strip().split("\n")) {
            List<String> parts = List.of(line.split(" "));
            if (parts.size() == 2) {
                states.put(parts.get(0), parts.get(1));
            }
        }
        return states;
    }
}
