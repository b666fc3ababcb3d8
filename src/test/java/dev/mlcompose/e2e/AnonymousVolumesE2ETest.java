package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Anonymous volumes (an image's {@code VOLUME}, a {@code volumes:} entry without a source) as docker compose keeps
 * them: a recreated container takes over its predecessor's, so their data survives; {@code -V} gives new ones;
 * {@code down -v} leaves none behind.
 */
class AnonymousVolumesE2ETest extends EngineScenario {

    private static final String SCENARIO = "anon-volumes";
    private static final String WRITE = "echo kept > /data/f && echo kept > /cache/f";
    private static final String READ = "cat /data/f /cache/f 2>&1; true";

    /** Every anonymous volume a test saw: the engine gives them no project label, so purge does not find them. */
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void removeAnonymousVolumes() {
        Docker.purge(project); // the containers first: a volume in use cannot be removed
        seen.forEach(v -> Docker.runQuietly("volume", "rm", "-f", v));
    }

    @Test
    void up_force_recreate_and_a_config_change_keep_the_data_of_anonymous_volumes_and_down_v_removes_them()
            throws Exception {
        assertThat(mlcompose(SCENARIO, "up", "-d").exitCode()).isZero();
        Docker.run("exec", container("app"), "sh", "-c", WRITE);
        var first = volumes(container("app"));
        String firstId = Docker.id(container("app"));

        var forced = mlcompose(SCENARIO, "up", "-d", "--force-recreate");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Docker.id(container("app"))).as("recreated").isNotEqualTo(firstId);
        assertThat(volumes(container("app"))).as("the same volumes at the same paths").isEqualTo(first);
        assertThat(Docker.run("exec", container("app"), "sh", "-c", READ)).isEqualTo("kept\nkept\n");

        var changed = mlcompose(SCENARIO, Map.of("THEME", "dark"), "up", "-d");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.err()).contains("Recreate");
        assertThat(volumes(container("app"))).isEqualTo(first);
        assertThat(Docker.run("exec", container("app"), "sh", "-c", READ)).isEqualTo("kept\nkept\n");

        var down = mlcompose(SCENARIO, Map.of("THEME", "dark"), "down", "-v");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(existing(first.values())).as("down -v leaves no anonymous volume behind").isEmpty();
    }

    @Test
    void docker_compose_keeps_the_same_data_through_a_recreate() throws Exception {
        ComposeV2.require("docker_compose_keeps_the_same_data_through_a_recreate");
        assertThat(mlcompose(SCENARIO, "build").exitCode()).isZero(); // compose then finds the image
        String other = project + "-compose";
        var scenario = SCENARIOS.resolve(SCENARIO);
        try {
            ComposeV2.run(scenario, other, "up", "-d");
            Docker.run("exec", other + "-app-1", "sh", "-c", WRITE);
            var first = volumes(other + "-app-1");
            ComposeV2.run(scenario, other, "up", "-d", "--force-recreate");
            assertThat(volumes(other + "-app-1")).isEqualTo(first);
            assertThat(Docker.run("exec", other + "-app-1", "sh", "-c", READ)).isEqualTo("kept\nkept\n");

            ComposeV2.run(scenario, other, "down", "-v");
            assertThat(existing(first.values())).as("compose 2.26.1 leaves the volumes a recreate took over"
                    + " (the engine keeps a volume mounted by name): mlcompose's deliberate difference")
                    .containsExactlyInAnyOrderElementsOf(first.values());
        } finally {
            Docker.purge(other);
        }
    }

    @Test
    void renew_anon_volumes_gives_the_replacement_empty_ones_and_down_v_removes_them() throws Exception {
        assertThat(mlcompose(SCENARIO, "up", "-d").exitCode()).isZero();
        Docker.run("exec", container("app"), "sh", "-c", WRITE);
        var first = volumes(container("app"));

        var renewed = mlcompose(SCENARIO, "up", "-d", "--force-recreate", "-V");
        assertThat(renewed.exitCode()).as(renewed.err()).isZero();
        var second = volumes(container("app"));
        assertThat(second.values()).doesNotContainAnyElementsOf(first.values());
        assertThat(Docker.run("exec", container("app"), "sh", "-c", READ)).contains("No such file or directory");
        assertThat(existing(first.values())).as("the old ones stay, as compose leaves them")
                .containsExactlyInAnyOrderElementsOf(first.values());

        assertThat(mlcompose(SCENARIO, "down", "-v").exitCode()).isZero();
        assertThat(existing(second.values())).isEmpty();
    }

    @Test
    void rm_v_removes_a_stopped_containers_anonymous_volumes() throws Exception {
        assertThat(mlcompose(SCENARIO, "up", "-d").exitCode()).isZero();
        var first = volumes(container("app"));
        assertThat(mlcompose(SCENARIO, "up", "-d", "--force-recreate").exitCode()).isZero();
        assertThat(volumes(container("app"))).as("taken over").isEqualTo(first);

        var rm = mlcompose(SCENARIO, "rm", "-s", "-v");
        assertThat(rm.exitCode()).as(rm.err()).isZero();

        assertThat(Docker.containers(project)).isEmpty();
        assertThat(existing(first.values())).isEmpty();
    }

    /** The container's volumes by path; each is remembered for the clean-up. */
    private Map<String, String> volumes(String container) {
        var byPath = new TreeMap<String, String>();
        for (JsonNode m : Docker.inspect(container).path("Mounts")) {
            if (m.path("Type").asText().equals("volume")) {
                byPath.put(m.path("Destination").asText(), m.path("Name").asText());
                seen.add(m.path("Name").asText());
            }
        }
        assertThat(byPath).as("an anonymous volume at each path").containsOnlyKeys("/cache", "/data");
        return byPath;
    }

    private static List<String> existing(java.util.Collection<String> volumes) {
        var names = Docker.run("volume", "ls", "-q").lines().toList();
        return volumes.stream().filter(names::contains).toList();
    }
}
