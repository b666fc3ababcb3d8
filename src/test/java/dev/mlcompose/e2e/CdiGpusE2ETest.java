package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * CDI GPU names in {@code devices} are GPU requests: the allocator gives each container its own GPUs, written as
 * CDI names, on an engine with CDI and the fake {@code nvidia.com/gpu} vendor of {@code scripts/engine-26.sh}
 * (devices 0, 1 and all). That engine is {@code MLCOMPOSE_CDI_ENGINE} (e.g. {@code unix:///tmp/e26/run/docker.sock}),
 * else the main engine when one of its CDI spec directories holds that vendor's spec (CI's pass on Engine 26.1);
 * without one those tests are skipped, loudly, also in CI, whose pass on Engine 20.10 has none. On an engine
 * without CDI (Engine 20.10) a CDI GPU fails before anything is created, or runs on CPU with cpu-fallback.
 */
class CdiGpusE2ETest extends EngineScenario {

    /** The spec scripts/engine-26.sh writes into its CDI spec directory. */
    private static final String FAKE_VENDOR_SPEC = "mlcompose-fake-gpu.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private String cdiEngine;

    @AfterEach
    void removeFromCdiEngine() throws Exception {
        if (cdiEngine != null) {
            onCdiEngine("--profile", "all", "--profile", "unknown", "down", "-v", "-t", "1");
        }
    }

    /** The CDI engine for this test, or the test is skipped (fails in CI when MLCOMPOSE_CDI_ENGINE does not answer). */
    private void requireCdiEngine(TestInfo test) {
        String named = System.getenv("MLCOMPOSE_CDI_ENGINE");
        if (named != null && !named.isBlank()) {
            if (cdiSpecDirs(Optional.of(named)).isEmpty()) {
                Prerequisites.missing(test.getDisplayName(), "MLCOMPOSE_CDI_ENGINE=" + named + " does not answer or"
                        + " has no CDI spec directories (start one with scripts/engine-26.sh start DIR)");
            }
            cdiEngine = named;
            return;
        }
        boolean mainHasFakeVendor = cdiSpecDirs(Optional.empty()).stream()
                .anyMatch(dir -> Files.exists(Path.of(dir, FAKE_VENDOR_SPEC)));
        if (!mainHasFakeVendor) {
            Prerequisites.skip(test.getDisplayName(), "no engine with CDI and the fake nvidia.com/gpu vendor: set"
                    + " MLCOMPOSE_CDI_ENGINE=unix://DIR/run/docker.sock after scripts/engine-26.sh start DIR");
        }
        cdiEngine = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    }

    /** The engine's CDI spec directories (none without CDI, or on engines older than 25); empty list if it is silent. */
    private static List<String> cdiSpecDirs(Optional<String> host) {
        try {
            String info = host.isPresent() ? Docker.run("-H", host.get(), "info", "--format", "{{json .}}")
                    : Docker.run("info", "--format", "{{json .}}");
            JsonNode dirs = JSON.readTree(info).path("CDISpecDirs");
            return StreamSupport.stream(dirs.spliterator(), false).map(JsonNode::asText).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private Cli.Result onCdiEngine(String... args) throws Exception {
        return mlcompose("gpus-cdi", Map.of("DOCKER_HOST", cdiEngine, "MLCOMPOSE_GPUS", "0,1"), args);
    }

    /** The GPUs a container printed at start ("gpus=0,1"). */
    private String printedGpus(Cli.Result logs) {
        assertThat(logs.exitCode()).as(logs.err()).isZero();
        return logs.out().lines().filter(l -> l.startsWith("gpus=")).findFirst().map(l -> l.substring(5))
                .orElse("nothing printed");
    }

    private List<String> containersOnCdiEngine() {
        return Docker.run("-H", cdiEngine, "ps", "-a", "--filter", "label=com.docker.compose.project=" + project,
                "--format", "{{.Names}}").lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void two_services_naming_cdi_gpus_0_and_1_get_them_and_hold_them_against_all(TestInfo test) throws Exception {
        requireCdiEngine(test);
        var up = onCdiEngine("up", "-d", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();

        assertThat(printedGpus(onCdiEngine("logs", "--no-log-prefix", "ocr-a"))).isEqualTo("0");
        assertThat(printedGpus(onCdiEngine("logs", "--no-log-prefix", "ocr-b"))).isEqualTo("1");
        assertThat(onCdiEngine("ps").out()).contains("GPUS").containsPattern(container("ocr-b") + ".*running.* 1 ");

        var everything = onCdiEngine("--profile", "all", "up", "-d", "everything");
        assertThat(everything.exitCode()).isEqualTo(1);
        assertThat(everything.err()).contains(container("everything") + " needs all GPUs of 2 (0,1, from MLCOMPOSE_GPUS)",
                "GPU 0 is held by " + container("ocr-a"), "Use --gpu-policy wait to queue for them.");
    }

    @Test
    void cdi_all_is_given_every_gpu_of_the_inventory_as_one_cdi_name_each(TestInfo test) throws Exception {
        requireCdiEngine(test);
        var up = onCdiEngine("--profile", "all", "up", "-d", "--wait", "everything");
        assertThat(up.exitCode()).as(up.err()).isZero();

        assertThat(printedGpus(onCdiEngine("logs", "--no-log-prefix", "everything"))).isEqualTo("0,1");
        JsonNode requests = Docker.inspectOn(cdiEngine, container("everything")).path("HostConfig")
                .path("DeviceRequests");
        assertThat(requests.get(0).path("Driver").asText()).isEqualTo("cdi");
        assertThat(requests.get(0).path("DeviceIDs").toString()).isEqualTo("[\"nvidia.com/gpu=0\",\"nvidia.com/gpu=1\"]");
    }

    @Test
    void a_cdi_gpu_the_engine_cannot_resolve_fails_before_anything_is_created_or_runs_on_cpu(TestInfo test)
            throws Exception {
        requireCdiEngine(test);
        var up = onCdiEngine("--profile", "unknown", "up", "-d", "unknown");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service unknown asks for CDI device nvidia.com/gpu=7 but the engine cannot resolve"
                + " it (", "unresolvable CDI devices nvidia.com/gpu=7", "nvidia-ctk cdi list", "--cpu-fallback")
                .doesNotContain("\tat ");
        assertThat(containersOnCdiEngine()).isEmpty();

        var fallback = onCdiEngine("--profile", "unknown", "up", "-d", "--wait", "--cpu-fallback", "unknown");
        assertThat(fallback.exitCode()).as(fallback.err()).isZero();
        assertThat(printedGpus(onCdiEngine("logs", "--no-log-prefix", "unknown"))).isEmpty();
        assertThat(onCdiEngine("ps").out()).containsPattern(container("unknown") + ".* cpu ");
    }

    @Test
    void on_an_engine_without_cdi_a_cdi_gpu_fails_before_anything_is_created_or_runs_on_cpu(TestInfo test)
            throws Exception {
        if (!cdiSpecDirs(Optional.empty()).isEmpty()) {
            Prerequisites.skip(test.getDisplayName(), "the main engine resolves CDI devices; the tests on the CDI"
                    + " engine cover it");
        }
        var env = new HashMap<>(Map.of("MLCOMPOSE_GPUS", "0,1"));
        var up = mlcompose("gpus-cdi", env, "up", "-d");

        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("service ocr-a asks for CDI device nvidia.com/gpu=0 but the engine does not resolve"
                + " CDI devices (could not select device driver \"cdi\"", "service ocr-b asks for CDI device"
                + " nvidia.com/gpu=1", "Use Docker Engine 25 or newer with CDI on", "--cpu-fallback")
                .doesNotContain("\tat ");
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();

        var fallback = mlcompose("gpus-cdi", env, "up", "-d", "--wait", "--cpu-fallback");
        assertThat(fallback.exitCode()).as(fallback.err()).isZero();
        assertThat(fallback.err()).contains("WARN service ocr-a asks for CDI device nvidia.com/gpu=0 but the engine does"
                + " not resolve CDI devices: running it on CPU (cpu-fallback)");
        assertThat(Docker.inspect(container("ocr-a")).path("HostConfig").path("DeviceRequests").size()).isZero();
        assertThat(mlcompose("gpus-cdi", "ps").out()).containsPattern(container("ocr-a") + ".* cpu ");
    }
}
