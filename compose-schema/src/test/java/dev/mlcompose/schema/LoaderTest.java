package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader end to end on small files: what a user writes, what the model and errors say. */
class LoaderTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("HOME", "/home/u", "TAG", "2.1");

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Project load(String... files) {
        return ComposeLoader.load(LoadRequest.of(dir, env, files));
    }

    private List<String> problems(String... files) {
        try {
            load(files);
        } catch (InvalidProjectException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the project to be invalid");
    }

    @Test
    void an_override_with_build_dot_keeps_the_base_files_dockerfile_as_compose_merges_before_defaults()
            throws IOException {
        write("compose.yaml", "services:\n  a:\n    build: {context: ., dockerfile: train.Dockerfile}\n");
        write("override.yaml", "services:\n  a:\n    build: .\n");
        assertThat(load("compose.yaml", "override.yaml").service("a").orElseThrow().build().orElseThrow().dockerfile())
                .contains("train.Dockerfile");
        assertThat(load("override.yaml").service("a").orElseThrow().build().orElseThrow().dockerfile())
                .as("the default, alone").contains("Dockerfile");
    }

    @Test
    void merge_keys_anchors_and_extensions_resolve() throws IOException {
        write("compose.yaml", """
                x-base: &base
                  image: app:${TAG}
                  restart: always
                services:
                  a:
                    <<: *base
                    restart: "no"
                  x-named:
                    <<: *base
                """);
        Project p = load();
        assertThat(p.service("a").orElseThrow().image()).contains("app:2.1");
        assertThat(p.service("a").orElseThrow().restart()).contains("no");
        assertThat(p.services()).containsKey("x-named"); // a name under services, not an extension
        assertThat(ConfigPrinter.json(p, true)).contains("\"x-base\"");
    }

    @Test
    void override_files_merge_by_the_spec_rules() throws IOException {
        write("compose.yaml", """
                services:
                  web:
                    image: web
                    command: serve --port 80
                    ports: ["8080:80"]
                    environment: {A: "1", B: "2"}
                    labels: [keep=1]
                """);
        write("compose.override.yaml", """
                services:
                  web:
                    command: [serve, --debug]
                    ports: ["9090:90"]
                    environment: [B=3]
                    labels: !reset []
                """);
        var web = load().service("web").orElseThrow();
        assertThat(web.command()).contains(List.of("serve", "--debug"));
        assertThat(web.ports()).extracting(p -> p.published().orElseThrow()).containsExactly("8080", "9090");
        assertThat(web.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "3"));
        assertThat(web.labels()).isEmpty();
    }

    @Test
    void override_tag_replaces_instead_of_merging() throws IOException {
        write("a.yaml", "services:\n  s:\n    image: x\n    ports: ['1:1', '2:2']\n");
        write("b.yaml", "services:\n  s:\n    ports: !override ['3:3']\n");
        assertThat(load("a.yaml", "b.yaml").service("s").orElseThrow().ports()).hasSize(1);
    }

    @Test
    void extends_from_another_file_rebases_relative_paths() throws IOException {
        write("common/base.yaml", """
                services:
                  trainer:
                    image: trainer
                    volumes: ["./data:/data"]
                    environment: [EPOCHS=1]
                """);
        write("compose.yaml", """
                services:
                  train:
                    extends: {file: common/base.yaml, service: trainer}
                    environment: [EPOCHS=5]
                """);
        var train = load().service("train").orElseThrow();
        assertThat(train.volumes().get(0).source()).contains(dir.resolve("common/data").toString());
        assertThat(train.environment()).containsEntry("EPOCHS", "5");
    }

    @Test
    void include_adds_services_loaded_relative_to_their_own_directory() throws IOException {
        write("db/compose.yaml", "services:\n  db:\n    image: postgres\n    volumes: ['./init:/init']\n");
        write("compose.yaml", "include: [db/compose.yaml]\nservices:\n  app:\n    image: app\n    depends_on: [db]\n");
        Project p = load();
        assertThat(p.services()).containsOnlyKeys("app", "db");
        assertThat(p.service("db").orElseThrow().volumes().get(0).source()).contains(dir.resolve("db/init").toString());
    }

    @Test
    void profiles_enable_services_and_depends_on_a_disabled_one_is_an_error() throws IOException {
        write("compose.yaml", """
                services:
                  app: {image: app}
                  debug: {image: dbg, profiles: [debug]}
                """);
        assertThat(load().services()).containsOnlyKeys("app");
        assertThat(ComposeLoader.load(LoadRequest.of(dir, env).withProfiles(List.of("debug"))).services())
                .containsOnlyKeys("app", "debug");
        assertThat(load().profiles()).containsExactly("debug");
    }

    @Test
    void project_name_precedence_and_normalization() throws IOException {
        write("compose.yaml", "name: My_Project\nservices:\n  a: {image: a}\n");
        assertThat(load().name()).isEqualTo("my_project");
        assertThat(ComposeLoader.load(LoadRequest.of(dir, env).withProjectName("explicit")).name()).isEqualTo("explicit");
        assertThatThrownBy(() -> ComposeLoader.load(LoadRequest.of(dir, env).withProjectName("Bad Name")))
                .hasMessageContaining("invalid project name");
    }

    @Test
    void discovery_walks_up_to_the_parent_directory() throws IOException {
        write("compose.yml", "services:\n  a: {image: a}\n");
        Path sub = Files.createDirectories(dir.resolve("sub/deeper"));
        Project p = ComposeLoader.load(LoadRequest.of(sub, env));
        assertThat(p.workingDir()).isEqualTo(dir);
    }

    @Test
    void missing_required_variable_names_variable_file_line_and_key_path() throws IOException {
        Path file = write("compose.yaml", """
                services:
                  training:
                    image: trainer
                    environment:
                      DATA: ${DATA_DIR:?set DATA_DIR to the dataset path}
                """);
        assertThat(problems()).containsExactly(file + ":5:13: services.training.environment.DATA: "
                + "required variable DATA_DIR is missing a value: set DATA_DIR to the dataset path");
    }

    @Test
    void every_problem_is_reported_with_location_and_key_path() throws IOException {
        Path file = write("compose.yaml", """
                services:
                  training:
                    image: trainer
                    deploy:
                      resources:
                        limits:
                          memory: lots
                    replicas: 2
                  web:
                    image: web
                    ports: {http: 80}
                """);
        assertThat(problems()).containsExactly(
                file + ":8:5: services.training: unknown key 'replicas' (not allowed here)",
                file + ":11:12: services.web.ports: must be a sequence, got mapping");
    }

    @Test
    void typed_values_are_checked_after_interpolation() throws IOException {
        Path file = write("compose.yaml", """
                services:
                  training:
                    image: trainer
                    mem_limit: lots
                    privileged: "maybe"
                    deploy: {replicas: "two"}
                """);
        assertThat(problems()).containsExactly(
                file + ":4:16: services.training.mem_limit: invalid size \"lots\" (use b, k, m, g, t or p, e.g. 512m)",
                file + ":5:17: services.training.privileged: expected a boolean (true or false), got \"maybe\"",
                file + ":6:24: services.training.deploy.replicas: expected an integer, got \"two\"");
    }

    @Test
    void semantic_errors_name_what_is_missing() throws IOException {
        Path file = write("compose.yaml", """
                services:
                  a:
                    image: a
                    depends_on: [b]
                    networks: [back]
                  b:
                    image: b
                    depends_on: [a]
                  c:
                    image: c
                    ports: ["8080:80"]
                  d:
                    image: d
                    ports: ["8080:8080"]
                    deploy:
                      resources:
                        reservations:
                          devices: [{count: 1, device_ids: ["0"], capabilities: [gpu]}]
                """);
        assertThat(problems()).containsExactly(
                file + ":5:16: services.a.networks.back: service refers to undefined network back",
                file + ":7:5: services.b: dependency cycle: a -> b -> a",
                file + ":18:21: services.d.deploy.resources.reservations.devices[0]: count and device_ids cannot be set together");
    }

    @Test
    void two_services_may_share_a_container_name_with_a_warning() throws IOException {
        // compose 2.26.1's config accepts it: a file offers a CUDA and a ROCm server, and a user starts one
        Path file = write("compose.yaml", """
                services:
                  vllm: {image: vllm, container_name: vllm-server}
                  vllm-rocm: {image: vllm-rocm, container_name: vllm-server}
                """);
        var warnings = new java.util.ArrayList<String>();
        var request = new LoadRequest(List.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(), List.of(), env, dir, true, warnings::add);
        Project p = ComposeLoader.load(request);
        assertThat(p.services().values()).extracting(s -> s.containerName().orElseThrow())
                .containsExactly("vllm-server", "vllm-server");
        assertThat(warnings).containsExactly(file + ":3:49: services.vllm-rocm.container_name: container_name"
                + " \"vllm-server\" is also used by service \"vllm\"; both cannot run at once");
    }

    @Test
    void yaml_syntax_error_points_at_the_line() throws IOException {
        Path file = write("compose.yaml", "services:\n  a:\n    image: [unclosed\n");
        assertThat(problems()).singleElement().asString().startsWith(file + ":4:1: invalid YAML");
    }

    @Test
    void duplicate_keys_are_errors() throws IOException {
        Path file = write("compose.yaml", "services:\n  a:\n    image: a\n    image: b\n");
        assertThat(problems()).singleElement().asString()
                .startsWith(file + ":4:5: image: duplicate key 'image' (first defined at " + file + ":3:5)");
    }

    @Test
    void config_output_loads_back_to_the_same_project() throws IOException {
        write("compose.yaml", """
                services:
                  train:
                    build: ./trainer
                    command: python train.py --lr "0.1"
                    ports: ["127.0.0.1:8000-8001:8000-8001/udp"]
                    volumes: [models:/models, ./data:/data:ro]
                    healthcheck: {test: curl -f localhost, interval: 90s}
                    environment: {COST: "$$5"}
                    deploy:
                      resources:
                        limits: {cpus: "2", memory: 4g}
                        reservations:
                          devices: [{driver: nvidia, count: all, capabilities: [gpu]}]
                volumes:
                  models:
                """);
        Project first = load();
        write("again.yaml", ConfigPrinter.yaml(first, true));
        Project second = load("again.yaml");
        assertThat(ConfigPrinter.json(second, true)).isEqualTo(ConfigPrinter.json(first, true));
        assertThat(second.service("train").orElseThrow().environment()).containsEntry("COST", "$5");
    }

    @Test
    void compose_environment_variables_choose_files_name_and_profiles() throws IOException {
        write("base.yml", "services:\n  a: {image: a}\n  b: {image: b, profiles: [extra]}\n");
        write("more.yml", "services:\n  a: {environment: [X=1]}\n");
        var composeEnv = Map.of("HOME", "/home/u", "COMPOSE_FILE", "base.yml:more.yml",
                "COMPOSE_PROJECT_NAME", "From_Env", "COMPOSE_PROFILES", "extra");
        Project p = ComposeLoader.load(LoadRequest.of(dir, composeEnv));
        assertThat(p.name()).isEqualTo("from_env");
        assertThat(p.services()).containsOnlyKeys("a", "b");
        assertThat(p.service("a").orElseThrow().environment()).containsEntry("X", "1");
    }

    @Test
    void env_files_replace_dot_env_and_the_process_environment_wins() throws IOException {
        write(".env", "TAG=from-dotenv\n");
        write("ci.env", "TAG=from-env-file\nREG=registry.local\n");
        write("compose.yaml", "services:\n  a: {image: \"${REG:-hub}/a:${TAG}\"}\n");
        assertThat(ComposeLoader.load(LoadRequest.of(dir, Map.of())).service("a").orElseThrow().image())
                .contains("hub/a:from-dotenv");
        var request = new LoadRequest(List.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(), List.of(Path.of("ci.env")), Map.of(), dir, true, w -> { });
        assertThat(ComposeLoader.load(request).service("a").orElseThrow().image()).contains("registry.local/a:from-env-file");
        assertThat(load().service("a").orElseThrow().image()).contains("hub/a:2.1"); // TAG=2.1 in the process
    }

    @Test
    void a_variable_in_an_env_file_is_an_earlier_files_then_the_projects_then_its_own() throws IOException {
        // as compose 2.26.1 resolves them, with TAG=2.1 in the process
        write("first.env", "TAG=first\nX=one\n");
        write("second.env", "Y=${X}-y\nTAG=second\nZ=${TAG}-z\nOWN=o\nW=${OWN}-w\n");
        write("compose.yaml", "services:\n  a: {image: a, env_file: [first.env, second.env]}\n");
        assertThat(load().service("a").orElseThrow().environment()).isEqualTo(Map.of("TAG", "second", "X", "one",
                "Y", "one-y", "Z", "first-z", "OWN", "o", "W", "o-w"));
    }

    @Test
    void stdin_is_a_compose_file() {
        var request = new LoadRequest(List.of("-"), java.util.Optional.of("services:\n  s: {image: from-stdin}\n"),
                java.util.Optional.empty(), java.util.Optional.empty(), List.of(), List.of(), env, dir, true, w -> { });
        assertThat(ComposeLoader.load(request).service("s").orElseThrow().image()).contains("from-stdin");
    }

    @Test
    void replicas_on_a_fixed_host_port_are_a_warning_with_the_fix() throws IOException {
        write("compose.yaml", """
                services:
                  api: {image: a, ports: ["5000:5000", "6000-6002:6000", "7000"], deploy: {replicas: 3}}
                  one: {image: a, ports: ["8000:8000"]}
                """);
        var warnings = new java.util.ArrayList<String>();
        ComposeLoader.load(new LoadRequest(List.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(), List.of(), env, dir, true, warnings::add));
        assertThat(warnings).containsExactly(dir.resolve("compose.yaml") + ":2:27: services.api.ports[0]: host port 5000"
                + " is fixed, but the service has 3 replicas and only one can bind it; publish a range"
                + " (\"5000-5002:5000\"), let the engine pick (\"5000\"), or run one replica");
    }

    @Test
    void yaml_1_1_booleans_are_accepted_with_a_warning() throws IOException {
        write("compose.yaml", "services:\n  a: {image: a, privileged: \"yes\", read_only: \"off\"}\n");
        var warnings = new java.util.ArrayList<String>();
        var request = new LoadRequest(List.of(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), List.of(), List.of(), env, dir, true, warnings::add);
        String json = ConfigPrinter.json(ComposeLoader.load(request), true);
        assertThat(json).contains("\"privileged\": true").doesNotContain("read_only");
        assertThat(warnings).anyMatch(w -> w.contains("services.a.privileged") && w.contains("use `true`"));
    }

    @Test
    void deploy_restart_policy_is_the_restart_policy_when_restart_is_absent() throws IOException {
        write("compose.yaml", """
                services:
                  job: {image: j, deploy: {restart_policy: {condition: on-failure, max_attempts: 3}}}
                  svc: {image: s, deploy: {restart_policy: {condition: any}}}
                  once: {image: o, restart: "no", deploy: {restart_policy: {condition: any}}}
                """);
        Project p = load();
        assertThat(p.service("job").orElseThrow().restart()).contains("on-failure:3");
        assertThat(p.service("svc").orElseThrow().restart()).contains("always");
        assertThat(p.service("once").orElseThrow().restart()).contains("no");
    }
}
