package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlcompose config} as a user runs it: the example pipeline, bad input, the listing flags. */
class ConfigCommandE2ETest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("HOME", "/home/golden");

    @TempDir
    Path dir;

    @Test
    void example_pipeline_config_matches_docker_compose_v2() throws Exception {
        // Run where the golden output was made (scripts/golden.sh), so that absolute paths are equal.
        Path work = Path.of("/tmp/mlcompose-golden/ml-pipeline");
        copyTree(Cli.ROOT.resolve("examples"), work);

        var result = Cli.run(work, ENV, "-f", "ml-pipeline.yml", "config", "--format", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode ours = JSON.readTree(result.out());
        ours.path("services").forEach(s -> ((ObjectNode) s).remove("x-mlcompose")); // kept by us, dropped by 2.26
        JsonNode theirs = JSON.readTree(getClass().getResource("/ml-pipeline.expected.json"));
        assertThat(ours.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1, theirs))
                .as("ours:%n%s%ntheirs:%n%s", ours.toPrettyString(), theirs.toPrettyString()).isTrue();
    }

    @Test
    void invalid_file_gets_located_errors_exit_3_and_no_stack_trace() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  training:
                    image: trainer
                    mem_limit: lots
                    depends_on: [database]
                """);

        var result = Cli.run(dir, ENV, "config");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .contains(dir.resolve("compose.yaml") + ":4:16: services.training.mem_limit: invalid size \"lots\"")
                .contains("services.training.depends_on.database")
                .doesNotContain("\tat ", "Exception");
    }

    @Test
    void debug_shows_the_stack_trace() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: [\n");
        var result = Cli.run(dir, ENV, "--debug", "config");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("invalid YAML").contains("\tat ");
    }

    @Test
    void listing_flags_and_stdin_and_quiet() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  web: {image: "nginx:${TAG:-1.27}", volumes: [cache:/c]}
                  worker: {build: ., profiles: [jobs]}
                volumes:
                  cache:
                """);
        assertThat(Cli.run(dir, ENV, "config", "--services").out()).isEqualTo("web\n");
        assertThat(Cli.run(dir, ENV, "--profile", "jobs", "config", "--services").out()).isEqualTo("web\nworker\n");
        assertThat(Cli.run(dir, ENV, "config", "--profiles").out()).isEqualTo("jobs\n");
        assertThat(Cli.run(dir, ENV, "config", "--volumes").out()).isEqualTo("cache\n");
        assertThat(Cli.run(dir, ENV, "config", "--networks").out()).isEqualTo("default\n");
        assertThat(Cli.run(dir, Map.of("HOME", "/home/golden", "TAG", "1.28"), "config", "--environment").out().lines())
                .contains("TAG=1.28", "HOME=/home/golden").isSorted();
        assertThat(Cli.run(dir, ENV, "-p", "demo", "--profile", "jobs", "config", "--images").out())
                .isEqualTo("nginx:1.27\ndemo-worker\n");
        assertThat(Cli.run(dir, ENV, "config", "-q").out()).isEmpty();
        assertThat(Cli.run(dir, ENV, "config", "--no-interpolate").out()).contains("nginx:${TAG:-1.27}");
        assertThat(Cli.run(dir, ENV, "config", "--hash", "web").out()).matches("web [0-9a-f]{64}\n");
    }

    /**
     * The parity table of {@code config}: each command line through compose 2.26.1 and mlcompose on the same
     * files, the same exit code and the same output (text byte for byte, JSON key by key).
     */
    @Test
    void config_variants_print_what_compose_prints() throws Exception {
        ComposeV2.require("config parity");
        Path scenario = EngineScenario.SCENARIOS.resolve("ps-parity");
        var home = Map.of("HOME", System.getenv("HOME"));
        for (List<String> args : List.of(List.of("config", "--services"), List.of("config", "--volumes"),
                List.of("config", "--profiles"), List.of("config", "--images"), List.of("config", "--hash", "*"),
                List.of("config", "--hash", "web"), List.of("config", "-q"), List.of("config", "--variables"),
                List.of("config", "--format", "json"), List.of("config", "--no-path-resolution", "--format", "json"),
                List.of("config", "--no-normalize", "--format", "json"))) {
            var ourArgs = new java.util.ArrayList<>(List.of("-f", "compose.yaml", "-p", "parity"));
            ourArgs.addAll(args);
            var ours = Cli.run(scenario, home, ourArgs.toArray(String[]::new));
            var theirs = ComposeV2.result(scenario, "parity", args.toArray(String[]::new));

            assertThat(ours.exitCode()).as("%s: %s", args, ours.err()).isEqualTo(theirs.exitCode()).isZero();
            if (args.contains("json")) {
                assertThat(JSON.readTree(ours.out())).as(String.join(" ", args)).isEqualTo(JSON.readTree(theirs.out()));
            } else if (args.contains("--services")) { // compose lists services without dependencies in Go's map order
                assertThat(ours.out().lines().sorted().toList()).as(String.join(" ", args))
                        .isEqualTo(theirs.out().lines().sorted().toList());
            } else {
                assertThat(ours.out()).as(String.join(" ", args)).isEqualTo(theirs.out());
            }
        }
    }

    /** The loader's switches, compared with compose 2.26.1 on its JSON: every key and value the same. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--no-path-resolution", "--no-normalize", "--no-consistency"})
    void the_rendering_switches_print_what_compose_prints(String flag) throws Exception {
        ComposeV2.require("config " + flag);
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app.env"), "FROM_FILE=1\n");
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  app:
                    build: ./app
                    env_file: [./app.env]
                    volumes: ["./data:/data", "~/cache:/cache", "named:/n"]
                    depends_on: [db]
                  db:
                    image: postgres:15
                volumes:
                  named: {}
                """);
        Files.writeString(dir.resolve("broken.yaml"), """
                services:
                  worker:
                    image: busybox
                    volumes: ["undefined:/data"]
                    networks: [nowhere]
                    depends_on: [ghost]
                """);
        var args = new java.util.ArrayList<String>(); // after compose.yaml, which ComposeV2.run names
        if (flag.equals("--no-consistency")) {
            args.addAll(List.of("-f", "broken.yaml"));
        }
        args.addAll(List.of("config", "--format", "json", flag));
        var ourArgs = new java.util.ArrayList<>(List.of("-f", "compose.yaml", "-p", "switches"));
        ourArgs.addAll(args);

        // compose reads ~ from this JVM's environment
        var ours = Cli.run(dir, Map.of("HOME", System.getenv("HOME")), ourArgs.toArray(String[]::new));
        String theirs = ComposeV2.run(dir, "switches", args.toArray(String[]::new));

        assertThat(ours.exitCode()).as(ours.err()).isZero();
        assertThat(JSON.readTree(ours.out())).isEqualTo(JSON.readTree(theirs));
        assertThat(Cli.run(dir, ENV, "-f", "compose.yaml", "-f", "broken.yaml", "config").exitCode())
                .as("refused without --no-consistency").isEqualTo(3);
    }

    @Test
    void variables_lists_what_compose_lists_sorted_and_the_short_syntax_ones_it_misses() throws Exception {
        ComposeV2.require("config --variables");
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  app:
                    image: "busybox:${TAG:-1.36}"
                    environment: {MODE: "${MODE}", LR: "${LR:?set a learning rate}", OPT: "${OPT-adam}"}
                    command: ["echo", "$${ESCAPED}", "${ALT:+yes}", "${OUTER:-${INNER:-deep}}"]
                    volumes: ["${DATA_DIR:-./data}:/data"]
                """);

        var ours = Cli.run(dir, ENV, "config", "--variables");
        String theirs = ComposeV2.run(dir, "variables", "config", "--variables");

        assertThat(ours.exitCode()).as("LR is unset: listed, not an error. " + ours.err()).isZero();
        var lines = ours.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(theirs.lines().findFirst().orElseThrow());
        assertThat(lines.subList(1, lines.size())).as("sorted by name").isSorted()
                .containsAll(theirs.lines().skip(1).toList())
                .contains("DATA_DIR            false               ./data              ");
        var json = JSON.readTree(Cli.run(dir, ENV, "config", "--variables", "--format", "json").out());
        assertThat(json.get(0).toString())
                .isEqualTo("{\"name\":\"ALT\",\"required\":false,\"defaultValue\":\"\",\"alternateValue\":\"yes\"}");
    }

    @Test
    void unknown_flag_is_a_usage_error() throws Exception {
        var result = Cli.run(dir, ENV, "config", "--no-such-flag");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--no-such-flag'");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (var walk = Files.walk(to)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
