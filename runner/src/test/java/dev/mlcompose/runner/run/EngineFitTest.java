package dev.mlcompose.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.EngineInfo;
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

/** What a project asks that an engine cannot give, said before anything is created, one line each. */
class EngineFitTest {

    private static final EngineInfo LINUX_2_CPUS = new EngineInfo("unix:///x", "20.10.24", "1.41", "linux", 2,
            4L << 30, List.of("io.containerd.runc.v2", "runc"));

    @TempDir
    Path dir;

    private Project load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    private List<String> problems(String yaml, EngineInfo engine) throws IOException {
        Project project = load(yaml);
        return EngineFit.problems(project, project.services().keySet(), engine);
    }

    @Test
    void more_cpus_or_memory_than_the_engine_has_names_the_limit_and_what_the_engine_has() throws IOException {
        assertThat(problems("""
                services:
                  db: {image: postgres, mem_limit: 1g}
                  training: {image: t, cpus: 4, mem_limit: 8g, cpuset: "0-3"}
                  inference: {image: i, deploy: {resources: {limits: {cpus: "1.5"}, reservations: {memory: 6g}}}}
                """, LINUX_2_CPUS)).containsExactly(
                "service training: cpus: cpus 4 is more than the engine's 2 CPUs; lower it, or run on a larger machine",
                "service training: cpuset: cpuset 0-3 names CPU 3, but the engine has CPUs 0-1",
                "service training: mem_limit: mem_limit 8 GiB is more than the engine's 4 GiB of memory",
                "service inference: mem_reservation: mem_reservation 6 GiB is more than the engine's 4 GiB of memory");
    }

    @Test
    void windows_only_keys_are_refused_on_a_linux_engine_with_what_to_use_instead() throws IOException {
        String yaml = """
                services:
                  a: {image: a, cpu_count: 2, cpu_percent: 50, isolation: hyperv, credential_spec: {file: spec.json}}
                  b: {image: b, isolation: default}
                """;
        assertThat(problems(yaml, LINUX_2_CPUS)).containsExactly(
                "service a: cpu_count: cpu_count works only on a Windows engine; on Linux use cpus (a CPU quota) or"
                        + " cpuset (pinned CPUs)",
                "service a: cpu_percent: cpu_percent works only on a Windows engine (Linux engines discard it); use"
                        + " cpus, e.g. cpus: 0.5 for half a CPU",
                "service a: credential_spec: credential_spec (gMSA) works only on a Windows engine; remove it",
                "service a: isolation: isolation hyperv works only on a Windows engine; Linux engines take only default");
        var windows = new EngineInfo("npipe:////./pipe/docker_engine", "26.1", "1.45", "windows", 8, 16L << 30,
                List.of());
        assertThat(problems(yaml, windows)).isEmpty();
    }

    @Test
    void annotations_need_api_1_43_and_an_unknown_runtime_lists_the_engines_runtimes() throws IOException {
        String yaml = """
                services:
                  a: {image: a, annotations: {com.example.team: ml}, runtime: crun}
                  gpu: {image: g, runtime: nvidia}
                """;
        assertThat(problems(yaml, LINUX_2_CPUS)).containsExactly(
                "service a: annotations: annotations need Docker Engine 24 (API 1.43); this engine speaks API 1.41,"
                        + " which would drop them",
                "service a: runtime: runtime crun is not installed on the engine (it has io.containerd.runc.v2, runc)");
        var newer = new EngineInfo("unix:///y", "26.1.5", "1.45", "linux", 2, 4L << 30, List.of("crun", "runc"));
        assertThat(problems(yaml, newer)).as("nvidia is the GPU checks' business").isEmpty();
    }

    @Test
    void providers_and_models_cannot_run_here() throws IOException {
        assertThat(problems("""
                services:
                  llm: {image: l, models: [gemma]}
                  db: {provider: {type: awesomecloud, options: {type: mysql}}}
                models:
                  gemma: {model: ai/gemma3}
                """, LINUX_2_CPUS)).containsExactly(
                "service llm: models: models (gemma) need Docker Model Runner, which mlcompose does not drive; serve"
                        + " the model from a service of its own (an inference server image)",
                "service db: provider: provider (type awesomecloud) hands the service to a Compose provider plugin,"
                        + " which mlcompose does not run; start it another way, or leave the service out of the selection");
    }

    @Test
    void a_project_without_such_keys_does_not_ask_the_engine() throws IOException {
        Project project = load("services:\n  a: {image: a, ports: ['8080:80']}\n");
        assertThat(EngineFit.asksTheEngine(project, project.services().keySet())).isFalse();
    }
}
