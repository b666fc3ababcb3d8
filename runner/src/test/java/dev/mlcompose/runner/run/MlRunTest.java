package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.gpu.GpuInventory;
import dev.mlcompose.runner.run.FakeEngine.Behaviour;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Job retries, deadlines and the skip cache, and GPU scheduling, on a fake of our own Engine port. */
class MlRunTest {

    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final ProjectRunner runner = new ProjectRunner(engine,
            e -> progress.add(e.name() + " " + e.status() + (e.detail().isEmpty() ? "" : ": " + e.detail())),
            warnings::add);

    @AfterEach
    void close() {
        engine.close();
    }

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("ml"));
    }

    private static UpRequest waiting() {
        return UpRequest.defaults().withWaitReady(true);
    }

    private static final String RETRIED = """
            services:
              train:
                image: t
                x-mlcompose:
                  role: train
                  retry: {attempts: 3, backoff: {initial: 10ms, max: 20ms}%s}
            """;

    @Test
    void a_failing_job_is_retried_until_it_succeeds_and_each_attempt_is_reported() throws IOException {
        engine.behaveInTurn("train", Behaviour.exitsWith(1, 10), Behaviour.exitsWith(1, 10), Behaviour.exitsWith(0, 10));

        runner.up(project(RETRIED.formatted("")), waiting());

        assertThat(engine.steps().stream().filter(s -> s.equals("start train"))).hasSize(3);
        assertThat(progress).contains("ml-train-1 Retrying: attempt 1/3 failed: exited with code 1; attempt 2 in 10ms",
                "ml-train-1 Retrying: attempt 2/3 failed: exited with code 1; attempt 3 in 20ms");
    }

    @Test
    void an_attached_up_follows_a_job_through_its_retries_and_ends_with_its_final_exit_code() throws IOException {
        engine.behaveInTurn("train", Behaviour.exitsWith(1, 10), Behaviour.exitsWith(0, 10));
        var project = project(RETRIED.formatted(""));

        int code;
        try (RunningProject running = runner.start(project, UpRequest.defaults())) {
            code = running.follow(running.containers(), (name, line) -> { }, false, Optional.of("train"));
        }

        assertThat(code).isZero();
        assertThat(engine.steps().stream().filter(s -> s.equals("start train"))).hasSize(2);
    }

    @Test
    void the_final_failure_names_the_attempts_and_the_last_exit_code() throws IOException {
        engine.behave("train", Behaviour.exitsWith(3, 10));

        assertThatThrownBy(() -> runner.up(project(RETRIED.formatted("")), waiting()))
                .isInstanceOf(ServiceFailure.class)
                .hasMessageStartingWith("train exited with code 3 (attempt 3 of 3)");
    }

    @Test
    void only_the_listed_exit_codes_are_retried() throws IOException {
        engine.behave("train", Behaviour.exitsWith(2, 10));

        assertThatThrownBy(() -> runner.up(project(RETRIED.formatted(", on-exit-codes: [1]")), waiting()))
                .hasMessageStartingWith("train exited with code 2 (attempt 1 of 3)");
        assertThat(engine.steps().stream().filter(s -> s.equals("start train"))).hasSize(1);
    }

    @Test
    void a_job_past_its_deadline_is_killed_and_fails() throws IOException {
        engine.behave("train", Behaviour.runs());

        assertThatThrownBy(() -> runner.up(project("""
                services:
                  train:
                    image: t
                    x-mlcompose: {role: job, deadline: 200ms}
                """), waiting())).hasMessageStartingWith("train exceeded its deadline of 200ms and was killed");
    }

    @Test
    void an_attached_up_does_not_replay_the_output_of_a_skipped_job() throws IOException {
        String yaml = "services: {prepare: {image: t, x-mlcompose: {role: job}}, serve: {image: s}}";
        engine.behave("prepare", Behaviour.exitsWith(0, 10));
        runner.up(project(yaml), waiting());
        var lines = new java.util.ArrayList<String>();

        try (var running = runner.start(project(yaml), UpRequest.defaults())) {
            running.follow(running.containers(), (container, line) -> lines.add(container + " | " + line), true,
                    Optional.empty());
        }

        assertThat(progress).anyMatch(p -> p.startsWith("ml-prepare-1 Skipped"));
        assertThat(lines).noneMatch(l -> l.startsWith("ml-prepare-1")).anyMatch(l -> l.startsWith("ml-serve-1"));
    }

    @Test
    void a_job_that_succeeded_is_skipped_until_its_inputs_content_changes_or_rerun_is_asked() throws IOException {
        Files.writeString(dir.resolve("data.csv"), "1,2\n");
        String yaml = """
                services:
                  prepare:
                    image: t
                    x-mlcompose: {role: job, inputs: [data.csv]}
                """;
        engine.behave("prepare", Behaviour.exitsWith(0, 10));
        runner.up(project(yaml), waiting());

        runner.up(project(yaml), waiting());
        assertThat(engine.steps().stream().filter(s -> s.equals("start prepare"))).hasSize(1);
        assertThat(progress).anyMatch(p -> p.startsWith("ml-prepare-1 Skipped: unchanged since its run"));

        runner.up(project(yaml), waiting().withRerun(true));
        assertThat(engine.steps().stream().filter(s -> s.equals("start prepare"))).hasSize(2);

        Files.setLastModifiedTime(dir.resolve("data.csv"), java.nio.file.attribute.FileTime.fromMillis(0));
        runner.up(project(yaml), waiting());
        assertThat(engine.steps().stream().filter(s -> s.equals("start prepare"))).as("touched, same content").hasSize(2);

        Files.writeString(dir.resolve("data.csv"), "1,3\n"); // the same size and modification time, new content
        Files.setLastModifiedTime(dir.resolve("data.csv"), java.nio.file.attribute.FileTime.fromMillis(0));
        runner.up(project(yaml), waiting());
        assertThat(engine.steps().stream().filter(s -> s.equals("start prepare"))).hasSize(3);
    }

    @Test
    void with_max_parallel_1_a_sweeps_cells_run_one_after_the_other() throws IOException {
        engine.behave("train", Behaviour.exitsWith(0, 30));
        runner.up(project("""
                services:
                  train:
                    image: t
                    x-mlcompose: {role: train, matrix: {C: [1, 2, 3]}, max-parallel: 1}
                """), waiting());

        List<String> steps = engine.steps().stream().filter(s -> s.startsWith("create ") || s.endsWith(" train")).toList();
        assertThat(steps).containsSubsequence("create ml-train-1", "start train", "die train", "create ml-train-2",
                "start train", "die train", "create ml-train-3", "start train", "die train");
        assertThat(steps.indexOf("create ml-train-2")).as("the second cell waits for the first's end")
                .isGreaterThan(steps.indexOf("die train"));
        assertThat(engine.specs()).filteredOn(spec -> spec.name().equals("ml-train-3")).singleElement()
                .satisfies(spec -> assertThat(spec.process().environment()).containsEntry("C", "3"));
    }

    private static final String FAN_IN = """
            services:
              train:
                image: t
                x-mlcompose: {role: train, matrix: {C: [1, 2]}, max-parallel: 1, sweep-success: %s}
              serve:
                image: s
                depends_on: {train: {condition: service_completed_successfully}}
            """;

    @Test
    void a_dependant_of_a_sweep_waits_for_every_cell_and_needs_all_to_succeed_unless_any_suffices() throws IOException {
        engine.behaveInTurn("train", Behaviour.exitsWith(1, 10), Behaviour.exitsWith(0, 10));
        runner.up(project(FAN_IN.formatted("any")), waiting());
        assertThat(engine.steps()).containsSubsequence("die train", "die train", "start serve");

        engine.behaveInTurn("train", Behaviour.exitsWith(1, 10), Behaviour.exitsWith(0, 10));
        assertThatThrownBy(() -> runner.up(project(FAN_IN.formatted("all").replace("image: s", "image: s2")),
                waiting().withRerun(true)))
                .hasMessageContaining("cannot start serve: dependency train cell C=1 exited with code 1");
    }

    private static final String THREE_GPU_JOBS = """
            x-gpu: &gpu
              image: t
              deploy:
                resources:
                  reservations:
                    devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]
            services:
              a: *gpu
              b: *gpu
              c: *gpu
            """;

    private static UpRequest onGpus(String inventory, GpuAllocator.Policy policy) {
        return UpRequest.defaults().withGpus(new GpuOptions(Optional.of(GpuInventory.parse(inventory, "test")), policy,
                false));
    }

    @Test
    void services_asking_for_one_gpu_each_get_distinct_gpus_and_the_third_fails_on_a_two_gpu_host() throws IOException {
        assertThatThrownBy(() -> runner.up(project(THREE_GPU_JOBS), onGpus("0,1", GpuAllocator.Policy.FAIL)))
                .hasMessageContaining("needs 1 GPU of 2 (0,1, from test); GPU 0 is held by ml-")
                .hasMessageContaining("Use --gpu-policy wait to queue for them.");

        var given = engine.devices().values().stream().filter(d -> !d.isEmpty())
                .map(d -> d.get(0).deviceIds()).toList();
        assertThat(given).containsExactlyInAnyOrder(List.of("0"), List.of("1"));
    }

    @Test
    void with_the_wait_policy_a_job_queues_until_a_gpu_is_released() throws IOException {
        engine.behave("a", Behaviour.exitsWith(0, 300)).behave("b", Behaviour.exitsWith(0, 300))
                .behave("c", Behaviour.exitsWith(0, 10));
        String jobs = THREE_GPU_JOBS.replace("image: t", "image: t\n  x-mlcompose: {role: job}");

        runner.up(project(jobs), onGpus("0,1", GpuAllocator.Policy.WAIT).withWaitReady(true));

        List<String> steps = engine.steps();
        var starts = java.util.stream.IntStream.range(0, steps.size()).filter(i -> steps.get(i).startsWith("start "))
                .boxed().toList();
        int firstExit = java.util.stream.IntStream.range(0, steps.size()).filter(i -> steps.get(i).startsWith("die "))
                .findFirst().orElseThrow();
        assertThat(starts).hasSize(3);
        assertThat(starts.get(2)).as("the third job waits until one of the first two has finished")
                .isGreaterThan(firstExit);
        assertThat(engine.devices().values()).allSatisfy(d -> assertThat(d.get(0).deviceIds()).hasSize(1));
    }

    @Test
    void services_that_allow_sharing_share_a_gpu_and_others_do_not_get_it() throws IOException {
        String shared = THREE_GPU_JOBS.replace("image: t", "image: t\n  x-mlcompose: {share-gpus: true}")
                .replace("c: *gpu", "c: {image: t, gpus: [{count: 1}], depends_on: [a, b]}");

        assertThatThrownBy(() -> runner.up(project(shared), onGpus("0", GpuAllocator.Policy.FAIL)))
                .hasMessageContaining("ml-c-1 needs 1 GPU of 1");
        assertThat(engine.devices().get("ml-a-1").get(0).deviceIds()).containsExactly("0");
        assertThat(engine.devices().get("ml-b-1").get(0).deviceIds()).containsExactly("0");
    }

    @Test
    void count_all_takes_every_gpu_of_the_inventory() throws IOException {
        runner.up(project("""
                services:
                  big:
                    image: t
                    gpus: all
                """), onGpus("0,1,2", GpuAllocator.Policy.FAIL));

        DeviceRequest request = engine.devices().get("ml-big-1").get(0);
        assertThat(request.deviceIds()).containsExactly("0", "1", "2");
        assertThat(request.count()).isZero();
    }

    @Test
    void without_a_gpu_runtime_nothing_is_created_and_the_message_names_the_service_and_the_fix() throws IOException {
        engine.gpuRuntime = false;

        assertThatThrownBy(() -> runner.up(project(THREE_GPU_JOBS.replace("c: *gpu", "c: {image: t}")),
                onGpus("0,1", GpuAllocator.Policy.FAIL)))
                .isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("service a reserves 1 GPU (driver nvidia) but the engine has no GPU runtime")
                .hasMessageContaining("service b reserves 1 GPU")
                .hasMessageContaining("--cpu-fallback or x-mlcompose: {cpu-fallback: true}");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create "));
    }

    @Test
    void cpu_fallback_runs_the_service_without_its_gpu_request_and_says_so() throws IOException {
        engine.gpuRuntime = false;

        runner.up(project("""
                services:
                  train:
                    image: t
                    gpus: [{count: 1}]
                    x-mlcompose: {cpu-fallback: true}
                """), UpRequest.defaults());

        assertThat(engine.devices().get("ml-train-1")).isEmpty();
        assertThat(warnings).contains("service train reserves 1 GPU but the engine has no GPU runtime: running it on CPU"
                + " (cpu-fallback)");
    }

    @Test
    void train_reports_attempts_gpus_and_peak_memory() throws IOException {
        engine.behaveInTurn("train", Behaviour.exitsWith(1, 10), Behaviour.exitsWith(0, 10));
        var project = project(RETRIED.formatted("").replace("image: t", "image: t\n    gpus: [{count: 1}]"));

        List<JobReport> reports = runner.train(project, onGpus("0", GpuAllocator.Policy.FAIL)
                .withServices(Set.of("train")), (name, line) -> { });

        JobReport report = reports.get(0);
        assertThat(report.succeeded()).isTrue();
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(report.maxAttempts()).isEqualTo(3);
        assertThat(report.gpus()).isEqualTo("0");
        assertThat(report.peakMemory()).contains(100L << 20);
        assertThat(report.duration()).isGreaterThan(Duration.ZERO);
    }

    @Test
    void a_job_that_a_one_off_run_waits_for_keeps_its_retries() throws IOException {
        engine.behaveInTurn("prepare", Behaviour.exitsWith(1, 10), Behaviour.exitsWith(0, 10));
        engine.behave("report", Behaviour.exitsWith(0, 10));
        var project = project("""
                services:
                  prepare:
                    image: t
                    x-mlcompose: {role: job, retry: {attempts: 2, backoff: {initial: 10ms, max: 20ms}}}
                  report:
                    image: r
                    depends_on: {prepare: {condition: service_completed_successfully}}
                """);

        int code = runner.run(project, RunRequest.of("report").withRemove(true), (container, line) -> { });

        assertThat(code).isZero();
        assertThat(engine.steps()).containsSubsequence("start prepare", "die prepare", "start prepare", "die prepare",
                "start report");
    }
}
