package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts read {@code ps}, {@code ls}, {@code images} and {@code version} through {@code --format json | jq},
 * {@code -q} and Go templates: on the same containers (ports published and exposed, a healthcheck, a named volume
 * and a bind mount, one-shots that exited 0 and 3, an orphan) mlcompose prints what docker compose v2 prints, but
 * for the README's documented differences.
 */
class ListingsParityE2ETest extends EngineScenario {

    private static final Path SCENARIO = SCENARIOS.resolve("ps-parity");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void containersMadeByCompose() throws Exception {
        ComposeV2.require("ListingsParityE2ETest");
        ComposeV2.run(SCENARIO, project, "up", "-d", "--wait", "web");
        ComposeV2.run(SCENARIO, project, "up", "-d", "done", "failed");
        var orphan = Cli.run(SCENARIO, Map.of("HOME", System.getProperty("user.home")),
                "-f", "orphan.yaml", "-p", project, "up", "-d");
        assertThat(orphan.exitCode()).as(orphan.err()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> Docker.run("ps", "-aq", "--filter", "status=exited",
                "--filter", "label=com.docker.compose.project=" + project).strip().lines().count() == 2);
    }

    @Test
    void ps_format_json_prints_one_object_per_line_with_composes_fields_and_values() throws Exception {
        var ours = mlcompose("ps-parity", "ps", "-a", "--format", "json");
        var theirs = ComposeV2.result(SCENARIO, project, "ps", "-a", "--format", "json");

        assertThat(ours.exitCode()).as(ours.err()).isZero();
        List<ObjectNode> mine = objects(ours.out());
        List<ObjectNode> reference = objects(theirs.out());
        assertThat(mine).hasSize(4);
        for (ObjectNode line : mine) {
            assertThat(line.remove("Gpus").asText()).as("mlcompose's own field, empty without GPUs").isEmpty();
            assertThat(line.remove("Cell").asText()).as("mlcompose's own field, empty outside a sweep").isEmpty();
        }
        assertThat(mine.stream().map(ListingsParityE2ETest::comparable).toList())
                .isEqualTo(reference.stream().map(ListingsParityE2ETest::comparable).toList());
        assertThat(reference.get(3).path("Ports").asText()).as("the scenario reaches the grouped and mapped ports")
                .contains("127.0.0.1:18787->18787/tcp", "4000/udp", "->80/tcp");
        assertThat(Arrays.asList(mine.get(3).path("Mounts").asText().split(","))).as("sorted: two reads print the same")
                .hasSize(2).isSorted();
    }

    @Test
    void go_templates_tables_and_filters_print_what_compose_prints() throws Exception {
        for (List<String> args : List.of(
                List.of("ps", "-a", "--format", "table {{.Name}}\\t{{.Service}}\\t{{.State}}\\t{{.Ports}}\\t{{.ExitCode}}"
                        + "\\t{{.Command}}\\t{{.Image}}\\t{{.Networks}}\\t{{.LocalVolumes}}"),
                List.of("ps", "-a", "--format", "{{.Name}} {{.Label \"team\"}} {{json .Names}} {{.Health}}"),
                List.of("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Command}}"),
                List.of("ps", "--filter", "status=exited", "-q"),
                List.of("ps", "--status", "exited", "--status", "running", "--services"),
                List.of("ps", "-a", "-q", "web"))) {
            var ours = mlcompose("ps-parity", args.toArray(String[]::new));
            var theirs = ComposeV2.result(SCENARIO, project, args.toArray(String[]::new));

            assertThat(ours.exitCode()).as("%s: %s", args, ours.err()).isEqualTo(theirs.exitCode()).isZero();
            assertThat(ours.out()).as(String.join(" ", args)).isEqualTo(theirs.out()).isNotBlank();
        }
    }

    @Test
    void orphans_false_leaves_out_the_services_the_file_does_not_have() throws Exception {
        var ours = mlcompose("ps-parity", "ps", "--orphans=false", "--format", "{{.Service}}");
        var everything = mlcompose("ps-parity", "ps", "--format", "{{.Service}}");

        assertThat(ours.out().lines()).containsExactly("web");
        assertThat(everything.out().lines()).containsExactly("gone", "web");
    }

    @Test
    void a_template_naming_no_field_is_one_line_and_exit_2() throws Exception {
        var ours = mlcompose("ps-parity", "ps", "--format", "{{.Nope}}");
        var unclosed = mlcompose("ps-parity", "ps", "--format", "{{.Name");
        var filter = mlcompose("ps-parity", "ps", "--filter", "source=image");

        assertThat(ours.exitCode()).isEqualTo(2);
        assertThat(ours.out()).isEmpty();
        assertThat(ours.err().strip()).isEqualTo("error: --format: {{.Nope}}: there is no field Nope");
        assertThat(unclosed.exitCode()).isEqualTo(2);
        assertThat(unclosed.err().strip().lines()).singleElement().asString().contains("unclosed action");
        assertThat(filter.exitCode()).isEqualTo(2);
        assertThat(filter.err()).contains("the only filter is status=STATE");
    }

    @Test
    void ls_and_images_print_what_compose_prints_in_tables_json_and_quietly() throws Exception {
        for (List<String> args : List.of(
                List.of("ls", "--filter", "name=" + project),
                List.of("ls", "-a", "--filter", "name=" + project, "--format", "json"),
                List.of("ls", "--filter", "name=" + project, "-q"),
                List.of("images"),
                List.of("images", "--format", "json"),
                List.of("images", "-q"),
                List.of("images", "web", "--format", "json"))) {
            var ours = mlcompose("ps-parity", args.toArray(String[]::new));
            var theirs = ComposeV2.result(SCENARIO, project, args.toArray(String[]::new));

            assertThat(ours.exitCode()).as("%s: %s", args, ours.err()).isEqualTo(theirs.exitCode()).isZero();
            assertThat(ours.out()).as(String.join(" ", args)).isEqualTo(theirs.out()).isNotBlank();
        }
    }

    /** compose 2.26.1 has no {@code volumes}; later ones print the docker CLI's volume forms, the reference here. */
    @Test
    void volumes_prints_what_docker_volume_ls_prints_for_the_project() throws Exception {
        String filter = "label=com.docker.compose.project=" + project;
        var json = mlcompose("ps-parity", "volumes", "--format", "json");
        var table = mlcompose("ps-parity", "volumes");
        var quiet = mlcompose("ps-parity", "volumes", "-q", "web");
        String theirs = Docker.run("volume", "ls", "--filter", filter, "--format", "json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(objects(json.out()).stream().map(ListingsParityE2ETest::sortedLabels).toList())
                .isEqualTo(objects(theirs).stream().map(ListingsParityE2ETest::sortedLabels).toList()).hasSize(1);
        assertThat(table.out()).isEqualTo(Docker.run("volume", "ls", "--filter", filter));
        assertThat(quiet.out().strip()).isEqualTo(project + "_data");
    }

    /** The docker CLI prints a volume's labels in Go's map order, which varies; mlcompose sorts them. */
    private static ObjectNode sortedLabels(ObjectNode volume) {
        var copy = volume.deepCopy();
        copy.put("Labels", String.join(",", new TreeSet<>(List.of(volume.path("Labels").asText().split(",")))));
        return copy;
    }

    @Test
    void version_has_composes_forms_with_mlcomposes_number() throws Exception {
        var json = mlcompose("ps-parity", "version", "--format", "json");
        var theirs = ComposeV2.result(SCENARIO, project, "version", "--format", "json");
        var shortly = mlcompose("ps-parity", "version", "--short");

        assertThat(json.exitCode()).isZero();
        assertThat(fieldNames(JSON.readTree(json.out()))).isEqualTo(fieldNames(JSON.readTree(theirs.out())));
        assertThat(JSON.readTree(json.out()).path("version").asText()).isEqualTo(shortly.out().strip())
                .matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(mlcompose("ps-parity", "version").out()).isEqualTo("mlcompose version " + shortly.out());
    }

    private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<ObjectNode> objects(String ndjson) throws Exception {
        var objects = new ArrayList<ObjectNode>();
        for (String line : ndjson.strip().split("\n")) {
            objects.add((ObjectNode) JSON.readTree(line));
        }
        return objects;
    }

    /**
     * The object with what may differ between two reads of the same containers made: labels and mounts as sets
     * (compose joins them in the random order of Go's maps and of the engine's list; mlcompose sorts them), and
     * "5 seconds" where the two reads fell in different seconds.
     */
    private static ObjectNode comparable(ObjectNode line) {
        var copy = line.deepCopy();
        for (String field : List.of("Labels", "Mounts")) {
            copy.put(field, new TreeSet<>(Arrays.asList(copy.path(field).asText().split(","))).toString());
        }
        for (String field : List.of("Status", "RunningFor")) {
            copy.put(field, copy.path(field).asText().replaceAll("\\d+ seconds?|Less than a second|About a minute",
                    "a few seconds"));
        }
        return copy;
    }
}
