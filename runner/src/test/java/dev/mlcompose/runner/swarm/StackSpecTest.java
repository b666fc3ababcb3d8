package dev.mlcompose.runner.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.run.JobCache;
import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What mlcompose adds to stack deploy's mapping (the mapping itself is checked against stack deploy's own specs on a
 * real Swarm, in the end-to-end suite): jobs, GPUs, content-named secrets and the spec hash.
 */
class StackSpecTest {

    @TempDir
    Path dir;

    private static final String FILE = """
            services:
              prepare:
                image: busybox
                x-mlcompose: {role: job}
              train:
                image: trainer
                environment: {LR: "${LR:-0.1}"}
                depends_on: {prepare: {condition: service_completed_successfully}}
                deploy:
                  resources:
                    reservations:
                      devices: [{capabilities: [gpu], count: 2}]
                secrets: [token]
              serve:
                image: server
                restart: unless-stopped
                ports: ["8000:80", "7000:70"]
            secrets:
              token: {file: ./token.txt}
            """;

    private StackSpec stack(Map<String, String> env, String token) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), FILE);
        Files.writeString(dir.resolve("token.txt"), token);
        Project project = ComposeLoader.load(LoadRequest.of(dir, env).withProjectName("demo"));
        return StackSpec.of(project, SwarmFiles::read, s -> JobCache.inputsKey(project, s));
    }

    private static JsonNode service(StackSpec stack, String name) {
        return stack.services().get(name).spec();
    }

    @Test
    void a_job_runs_to_completion_once_and_swarm_never_restarts_it() throws IOException {
        var stack = stack(Map.of(), "t");
        JsonNode prepare = service(stack, "prepare");
        assertThat(stack.services().get("prepare").job()).isTrue();
        assertThat(prepare.at("/Mode/ReplicatedJob/TotalCompletions").asInt()).isEqualTo(1);
        assertThat(prepare.at("/TaskTemplate/RestartPolicy/Condition").asText()).isEqualTo("none");
        assertThat(service(stack, "serve").at("/Mode/Replicated/Replicas").asInt()).isEqualTo(1);
        assertThat(service(stack, "serve").at("/TaskTemplate/RestartPolicy/Condition").asText()).isEqualTo("any");
    }

    @Test
    void a_counted_gpu_reservation_is_the_generic_resource_gpu() throws IOException {
        JsonNode generic = service(stack(Map.of(), "t"), "train").at("/TaskTemplate/Resources/Reservations/GenericResources");
        assertThat(generic.toString()).isEqualTo("[{\"DiscreteResourceSpec\":{\"Kind\":\"gpu\",\"Value\":2}}]");
    }

    @Test
    void a_secret_is_named_by_its_content_so_a_change_makes_a_new_one_that_the_service_points_to() throws IOException {
        var first = stack(Map.of(), "one");
        var second = stack(Map.of(), "two");
        String name = first.secrets().get(0).name();
        assertThat(name).matches("demo_token_[0-9a-f]{12}");
        assertThat(second.secrets().get(0).name()).isNotEqualTo(name);
        assertThat(service(first, "train").at("/TaskTemplate/ContainerSpec/Secrets/0/SecretName").asText()).isEqualTo(name);
        assertThat(new String(java.util.Base64.getDecoder().decode(first.secrets().get(0).spec().path("Data").asText()),
                StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(first.toJson().toString()).as("config prints no secret's content").doesNotContain("\"Data\"");
    }

    @Test
    void the_spec_hash_changes_with_the_service_and_only_with_it() throws IOException {
        var base = stack(Map.of(), "t");
        var same = stack(Map.of(), "t");
        var changed = stack(Map.of("LR", "0.2"), "t");
        assertThat(same.services().get("train").hash()).isEqualTo(base.services().get("train").hash());
        assertThat(changed.services().get("train").hash()).isNotEqualTo(base.services().get("train").hash());
        assertThat(changed.services().get("serve").hash()).isEqualTo(base.services().get("serve").hash());
    }

    @Test
    void names_and_labels_are_those_of_docker_stack_and_ports_go_by_published_port() throws IOException {
        var stack = stack(Map.of(), "t");
        JsonNode serve = service(stack, "serve");
        assertThat(serve.path("Name").asText()).isEqualTo("demo_serve");
        assertThat(serve.at("/Labels/com.docker.stack.namespace").asText()).isEqualTo("demo");
        assertThat(serve.at("/TaskTemplate/Networks/0/Target").asText()).isEqualTo("demo_default");
        assertThat(serve.at("/EndpointSpec/Ports/0/PublishedPort").asInt()).isEqualTo(7000);
        assertThat(serve.at("/EndpointSpec/Ports/1/PublishedPort").asInt()).isEqualTo(8000);
        assertThat(stack.networks()).singleElement().satisfies(n -> {
            assertThat(n.path("Name").asText()).isEqualTo("demo_default");
            assertThat(n.path("Driver").asText()).isEqualTo("overlay");
        });
    }

    @Test
    void a_secret_file_that_is_missing_is_a_problem_at_its_key() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), FILE);
        Project project = ComposeLoader.load(LoadRequest.of(dir, Map.of()).withProjectName("demo"));

        assertThatThrownBy(() -> StackSpec.of(project, SwarmFiles::read, s -> ""))
                .isInstanceOfSatisfying(InvalidProjectException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.keyPath()).isEqualTo("secrets.token.file");
                            assertThat(p.location().line()).isEqualTo(19);
                            assertThat(p.message()).isEqualTo("file " + dir.resolve("token.txt") + " does not exist");
                        }));
    }
}
