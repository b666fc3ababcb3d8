package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GPU scheduling without GPUs: a simulated GPU host ({@code scripts/gpu-host.sh}: a second dockerd whose
 * nvidia device driver is registered through a recording stand-in hook, and whose nvidia runtime is a
 * recording stand-in that runs runc) gives containers the NVIDIA_VISIBLE_DEVICES that mlcompose's allocator
 * chose, for device reservations and for {@code runtime: nvidia}. The main engine, which has neither, shows
 * the checks that run before anything is created. CDI GPU names: {@link CdiGpusE2ETest}.
 */
class GpuSchedulingE2ETest extends EngineScenario {

    private static Path hostDir;
    private static String gpuHost;
    /** The scenario a test runs on the GPU host (and removes from it afterwards). */
    private String scenario = "gpus";

    @BeforeAll
    static void startGpuHost() throws Exception {
        hostDir = Path.of("/tmp", "mlc-gpuhost-" + UUID.randomUUID().toString().substring(0, 8));
        var start = new ProcessBuilder("bash", Cli.ROOT.resolve("scripts/gpu-host.sh").toString(), "start",
                hostDir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!start.waitFor(120, TimeUnit.SECONDS) || start.exitValue() != 0 || !out.contains("DOCKER_HOST=")) {
            String message = "the simulated GPU host did not start (scripts/gpu-host.sh needs root and a Docker "
                    + "Engine): " + out;
            Prerequisites.missing("GpuSchedulingE2ETest", message);
        }
        gpuHost = out.lines().reduce((a, b) -> b).orElseThrow().substring("DOCKER_HOST=".length());
    }

    @AfterAll
    static void stopGpuHost() throws Exception {
        if (hostDir != null && Files.exists(hostDir)) {
            new ProcessBuilder("bash", Cli.ROOT.resolve("scripts/gpu-host.sh").toString(), "stop", hostDir.toString())
                    .inheritIO().start().waitFor(120, TimeUnit.SECONDS);
        }
    }

    /** GPUs are held engine-wide, across projects: each test leaves the GPU host empty. */
    @AfterEach
    void removeFromGpuHost() throws Exception {
        if (gpuHost != null && project != null) {
            onGpuHost(Map.of(), "--profile", "third", "--profile", "all", "down", "-v", "-t", "1");
        }
    }

    private Cli.Result onGpuHost(Map<String, String> env, String... args) throws Exception {
        var all = new HashMap<>(env);
        all.put("DOCKER_HOST", gpuHost);
        all.putIfAbsent("MLCOMPOSE_GPUS", "0,1");
        return mlcompose(scenario, all, args);
    }

    /** The GPUs each container printed at start ("gpus=0,1"), by service. */
    private Map<String, String> printedGpus(Map<String, String> env, String... services) throws Exception {
        var logs = onGpuHost(env, concat(new String[] {"logs", "--no-log-prefix"}, services));
        var out = new HashMap<String, String>();
        for (String service : services) {
            var one = onGpuHost(env, "logs", "--no-log-prefix", service);
            one.out().lines().filter(l -> l.startsWith("gpus=")).findFirst()
                    .ifPresent(l -> out.put(service, l.substring(5)));
        }
        assertThat(logs.exitCode()).isZero();
        return out;
    }

    /** NVIDIA_VISIBLE_DEVICES as the stand-in hook recorded it, for one container. */
    private static String recordedGpus(String containerId) throws IOException {
        return recordedGpus("records", containerId);
    }

    /** NVIDIA_VISIBLE_DEVICES as a stand-in recorded it: the hook ({@code records}) or the runtime. */
    private static String recordedGpus(String recorder, String containerId) throws IOException {
        try (Stream<Path> records = Files.list(hostDir.resolve(recorder))) {
            for (Path record : records.sorted().toList()) {
                var p = new Properties();
                try (Reader r = Files.newBufferedReader(record)) {
                    p.load(r);
                }
                if (containerId.equals(p.getProperty("container_id"))) {
                    return p.getProperty("NVIDIA_VISIBLE_DEVICES", "");
                }
            }
        }
        return "no record";
    }

    @Test
    void two_services_asking_for_one_gpu_each_get_gpu_0_and_gpu_1_and_a_third_fails() throws Exception {
        var up = onGpuHost(Map.of(), "up", "-d", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();

        Map<String, String> printed = printedGpus(Map.of(), "trainer-a", "trainer-b");
        assertThat(List.copyOf(printed.values())).containsExactlyInAnyOrder("0", "1");
        for (String service : List.of("trainer-a", "trainer-b")) {
            String id = Docker.inspectOn(gpuHost, container(service)).path("Id").asText();
            assertThat(recordedGpus(id)).as("the hook saw what the container prints").isEqualTo(printed.get(service));
        }
        var ps = onGpuHost(Map.of(), "ps");
        assertThat(ps.out()).contains("GPUS").containsPattern(container("trainer-a") + ".*running.* " + printed.get("trainer-a") + " ");

        var third = onGpuHost(Map.of(), "--profile", "third", "up", "-d", "trainer-c");
        assertThat(third.exitCode()).isEqualTo(1);
        assertThat(third.err()).contains(container("trainer-c") + " needs 1 GPU of 2 (0,1, from MLCOMPOSE_GPUS)",
                "is held by " + project + "-trainer-", "Use --gpu-policy wait to queue for them.");
    }

    @Test
    void with_the_wait_policy_a_third_job_waits_until_a_gpu_is_released() throws Exception {
        var env = Map.of("HOLD", "2");
        var up = onGpuHost(env, "--profile", "third", "up", "-d", "--gpu-policy", "wait");
        assertThat(up.exitCode()).as(up.err()).isZero();

        var starts = new HashMap<String, Instant>();
        var ends = new HashMap<String, Instant>();
        for (String service : List.of("trainer-a", "trainer-b", "trainer-c")) {
            var state = Docker.inspectOn(gpuHost, container(service)).path("State");
            starts.put(service, Instant.parse(state.path("StartedAt").asText()));
            ends.put(service, Instant.parse(state.path("FinishedAt").asText()));
        }
        String last = starts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Instant firstRelease = ends.entrySet().stream().filter(e -> !e.getKey().equals(last))
                .map(Map.Entry::getValue).filter(t -> t.isAfter(Instant.EPOCH.plusSeconds(1)))
                .min(Instant::compareTo).orElseThrow(() -> new AssertionError("the first two jobs never finished"));
        assertThat(starts.get(last)).as("the third started after a GPU was released").isAfterOrEqualTo(firstRelease);
        assertThat(printedGpus(env, last).get(last)).isIn("0", "1");
    }

    @Test
    void a_sweep_of_four_cells_on_two_gpus_runs_two_at_a_time_never_two_on_one_gpu_and_fans_in() throws Exception {
        scenario = "sweep";
        var train = onGpuHost(Map.of(), "train", "--gpu-policy", "wait", "--format", "json");
        assertThat(train.exitCode()).as(train.err()).isZero();

        var cells = new java.util.ArrayList<Cell>();
        for (int n = 1; n <= 4; n++) {
            var inspect = Docker.inspectOn(gpuHost, project + "-train-" + n);
            String id = inspect.path("Id").asText();
            cells.add(new Cell(inspect.path("Config").path("Labels").path("dev.mlcompose.cell").asText(),
                    recordedGpus(id), firstStart(id), Instant.parse(inspect.path("State").path("FinishedAt").asText())));
        }
        assertThat(cells).map(Cell::name).containsExactlyInAnyOrder("LR=1 SEED=1", "LR=1 SEED=2", "LR=3 SEED=1",
                "LR=3 SEED=2");
        assertThat(cells).map(Cell::gpu).allMatch(g -> g.equals("0") || g.equals("1"));
        for (Cell a : cells) {
            for (Cell b : cells) {
                if (a != b && a.gpu().equals(b.gpu())) {
                    assertThat(a.end().isBefore(b.start()) || b.end().isBefore(a.start()))
                            .as("%s and %s on GPU %s, a retry included", a, b, a.gpu()).isTrue();
                }
            }
        }
        var reports = new com.fasterxml.jackson.databind.ObjectMapper().readTree(train.out());
        assertThat(reports).hasSize(4);
        assertThat(reports.get(0).path("cell").path("LR").asText()).as("the best cell first").isEqualTo("3");
        assertThat(reports.get(0).path("best").asBoolean()).isTrue();
        assertThat(reports.get(0).path("metrics").path("accuracy").asDouble()).isEqualTo(0.32);
        for (var report : reports) {
            assertThat(report.path("attempts").asInt()).as("each cell failed once, then succeeded").isEqualTo(2);
        }
        assertThat(reports.get(3).path("metrics").path("accuracy").asDouble()).as("the last attempt's value").isEqualTo(0.11);

        var again = onGpuHost(Map.of(), "train", "--gpu-policy", "wait");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("train: 4 of 4 cells succeeded; best LR=3 SEED=2 (accuracy 0.32, highest)")
                .containsPattern("LR=3 SEED=2 +skipped +- +- +0 +[01] +0.32 +1 +2.5");
        assertThat(again.out().lines().filter(l -> l.contains(" skipped ")).count()).isEqualTo(4);

        var up = onGpuHost(Map.of(), "up", "-d", "--wait", "--gpu-policy", "wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        Instant reportStart = Instant.parse(Docker.inspectOn(gpuHost, container("report")).path("State")
                .path("StartedAt").asText());
        assertThat(cells).allMatch(c -> c.end().isBefore(reportStart));
        assertThat(onGpuHost(Map.of(), "ps", "-a").out()).contains("CELL").containsPattern("train-\\d +train +exited \\(0\\) .*LR=1 SEED=2");
    }

    /** A sweep's cell on the GPU host: its GPU, its first attempt's start (the hook's record) and its last end. */
    private record Cell(String name, String gpu, Instant start, Instant end) {
    }

    /** When the hook first ran for a container: the start of its first attempt. */
    private static Instant firstStart(String containerId) throws IOException {
        try (Stream<Path> records = Files.list(hostDir.resolve("records"))) {
            for (Path record : records.sorted().toList()) {
                var p = new Properties();
                try (Reader r = Files.newBufferedReader(record)) {
                    p.load(r);
                }
                if (containerId.equals(p.getProperty("container_id"))) {
                    long nanos = Long.parseLong(record.getFileName().toString().split("-")[0]);
                    return Instant.ofEpochSecond(0, nanos);
                }
            }
        }
        throw new AssertionError("no hook record for " + containerId);
    }

    @Test
    void count_all_takes_every_gpu_of_the_inventory() throws Exception {
        var up = onGpuHost(Map.of(), "--profile", "all", "up", "-d", "--wait", "everything");
        assertThat(up.exitCode()).as(up.err()).isZero();

        assertThat(printedGpus(Map.of(), "everything")).containsEntry("everything", "0,1");
    }

    @Test
    void on_an_engine_without_a_gpu_runtime_nothing_is_created_unless_cpu_fallback_is_asked() throws Exception {
        var up = mlcompose("gpus", Map.of("MLCOMPOSE_GPUS", "0,1"), "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service trainer-a reserves 1 GPU (driver nvidia) but the engine has no GPU runtime",
                "service trainer-b reserves 1 GPU", "--cpu-fallback or x-mlcompose: {cpu-fallback: true}");
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();

        var fallback = mlcompose("gpus", Map.of("MLCOMPOSE_GPUS", "0,1"), "up", "-d", "--wait", "--cpu-fallback");
        assertThat(fallback.exitCode()).as(fallback.err()).isZero();
        assertThat(fallback.err()).contains("WARN service trainer-a reserves 1 GPU but the engine has no GPU runtime: "
                + "running it on CPU (cpu-fallback)");
        assertThat(mlcompose("gpus", "ps").out()).containsPattern(container("trainer-a") + ".* cpu ");
    }

    @Test
    void two_runtime_nvidia_services_get_the_gpus_their_nvidia_visible_devices_name_and_hold_them() throws Exception {
        scenario = "gpus-nvidia-runtime";
        var up = onGpuHost(Map.of(), "up", "-d", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();

        assertThat(printedGpus(Map.of(), "llm-a", "llm-b")).containsEntry("llm-a", "0").containsEntry("llm-b", "1");
        for (String service : List.of("llm-a", "llm-b")) {
            var inspect = Docker.inspectOn(gpuHost, container(service));
            assertThat(inspect.path("HostConfig").path("Runtime").asText()).isEqualTo("nvidia");
            assertThat(recordedGpus("runtime-records", inspect.path("Id").asText()))
                    .as("the nvidia runtime saw what the container prints").isEqualTo(service.equals("llm-a") ? "0" : "1");
        }
        assertThat(onGpuHost(Map.of(), "ps").out()).containsPattern(container("llm-b") + ".*running.* 1 ");

        var everything = onGpuHost(Map.of(), "--profile", "all", "up", "-d", "everything");
        assertThat(everything.exitCode()).isEqualTo(1);
        assertThat(everything.err()).contains(container("everything") + " needs all GPUs of 2 (0,1, from MLCOMPOSE_GPUS)",
                "GPU 0 is held by " + container("llm-a"), "GPU 1 is held by " + container("llm-b"));
    }

    @Test
    void runtime_nvidia_without_nvidia_visible_devices_gets_every_gpu_of_the_inventory_by_index() throws Exception {
        scenario = "gpus-nvidia-runtime";
        var up = onGpuHost(Map.of(), "--profile", "all", "up", "-d", "--wait", "everything");
        assertThat(up.exitCode()).as(up.err()).isZero();

        assertThat(printedGpus(Map.of(), "everything")).as("the allocator's choice, not \"all\"")
                .containsEntry("everything", "0,1");
    }

    @Test
    void on_an_engine_without_the_nvidia_runtime_runtime_nvidia_fails_before_anything_is_created_or_runs_on_cpu()
            throws Exception {
        var up = mlcompose("gpus-nvidia-runtime", Map.of("MLCOMPOSE_GPUS", "0,1"), "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service llm-a uses runtime nvidia for GPU 0 (NVIDIA_VISIBLE_DEVICES=0) but the"
                + " engine has no nvidia runtime (it has ", "service llm-b uses runtime nvidia for GPU 1",
                "nvidia-ctk runtime configure --runtime=docker", "--cpu-fallback or x-mlcompose: {cpu-fallback: true}")
                .doesNotContain("\tat ");
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();

        var fallback = mlcompose("gpus-nvidia-runtime", Map.of("MLCOMPOSE_GPUS", "0,1"), "up", "-d", "--wait",
                "--cpu-fallback");
        assertThat(fallback.exitCode()).as(fallback.err()).isZero();
        assertThat(fallback.err()).contains("WARN service llm-a uses runtime nvidia for GPU 0 but the engine has no"
                + " nvidia runtime: running it on CPU (cpu-fallback)");
        var inspect = Docker.inspect(container("llm-a"));
        assertThat(inspect.path("HostConfig").path("Runtime").asText()).isEqualTo("runc");
        assertThat(mlcompose("gpus-nvidia-runtime", "logs", "--no-log-prefix", "llm-a").out())
                .as("no GPU selection on CPU").contains("gpus=\n");
        assertThat(mlcompose("gpus-nvidia-runtime", "ps").out()).containsPattern(container("llm-a") + ".* cpu ");
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
