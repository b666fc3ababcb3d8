package dev.mlcompose.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.gpu.GpuInventory;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runtime: nvidia} and CDI GPU names are GPU requests like reservations: the same allocator, labels, policies,
 * checks before anything is created and CPU fallback, on a fake of our own Engine port.
 */
class GpuFormsTest {

    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ProjectRunner runner = new ProjectRunner(engine, ProgressListener.QUIET, warnings::add);

    @AfterEach
    void close() {
        engine.close();
    }

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("ml"));
    }

    private static UpRequest onGpus(String inventory) {
        return UpRequest.defaults().withGpus(new GpuOptions(Optional.of(GpuInventory.parse(inventory, "test")),
                GpuAllocator.Policy.FAIL, false));
    }

    private void withRuntimes(String... runtimes) {
        engine.info = new EngineInfo("fake://", "20.10", "1.41", "linux", 2, 1L << 30, List.of(runtimes));
    }

    private ContainerSpec spec(String container) {
        return engine.specs().stream().filter(s -> s.name().equals(container)).findFirst().orElseThrow();
    }

    private List<String> cdiNames(String container) {
        return spec(container).devices().requests().stream().filter(r -> r.driver().equals("cdi"))
                .flatMap(r -> r.deviceIds().stream()).toList();
    }

    @Test
    void runtime_nvidia_services_hold_the_gpus_they_name_and_a_reservation_gets_the_free_one() throws IOException {
        withRuntimes("nvidia", "runc");
        runner.up(project("""
                services:
                  llm: {image: t, runtime: nvidia, environment: {NVIDIA_VISIBLE_DEVICES: "1"}}
                  train: {image: t, gpus: [{count: 1}], depends_on: [llm]}
                """), onGpus("0,1"));

        assertThat(spec("ml-llm-1").process().environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "1");
        assertThat(spec("ml-llm-1").labels()).containsEntry(GpuAllocator.LABEL, "1");
        assertThat(spec("ml-llm-1").security().runtime()).contains("nvidia");
        assertThat(engine.devices().get("ml-train-1").get(0).deviceIds()).containsExactly("0");
    }

    @Test
    void runtime_nvidia_without_nvidia_visible_devices_takes_every_gpu_by_index_and_then_holds_them() throws IOException {
        withRuntimes("nvidia", "runc");
        assertThatThrownBy(() -> runner.up(project("""
                services:
                  everything: {image: t, runtime: nvidia}
                  second: {image: t, runtime: nvidia, environment: [NVIDIA_VISIBLE_DEVICES=0], depends_on: [everything]}
                """), onGpus("0,1")))
                .isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("ml-second-1 needs GPU 0 of 2 (0,1, from test); GPU 0 is held by ml-everything-1");

        assertThat(spec("ml-everything-1").process().environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "0,1");
        assertThat(spec("ml-everything-1").labels()).containsEntry(GpuAllocator.LABEL, "0,1");
    }

    @Test
    void runtime_nvidia_with_no_gpu_is_no_gpu_request() throws IOException {
        withRuntimes("nvidia", "runc");
        runner.up(project("""
                services:
                  tools: {image: t, runtime: nvidia, environment: {NVIDIA_VISIBLE_DEVICES: none}}
                """), onGpus("0"));

        assertThat(spec("ml-tools-1").labels()).doesNotContainKey(GpuAllocator.LABEL);
        assertThat(spec("ml-tools-1").process().environment()).containsEntry("NVIDIA_VISIBLE_DEVICES", "none");
    }

    @Test
    void without_the_nvidia_runtime_runtime_nvidia_services_fail_before_anything_is_created() throws IOException {
        withRuntimes("io.containerd.runc.v2", "runc");

        assertThatThrownBy(() -> runner.up(project("""
                services:
                  db: {image: db}
                  llm: {image: t, runtime: nvidia, environment: {NVIDIA_VISIBLE_DEVICES: "0"}}
                  tools: {image: t, runtime: nvidia, environment: {NVIDIA_VISIBLE_DEVICES: void}}
                """), onGpus("0,1")))
                .isInstanceOf(ServiceFailure.class)
                .hasMessage("service llm uses runtime nvidia for GPU 0 (NVIDIA_VISIBLE_DEVICES=0) but the engine has no"
                        + " nvidia runtime (it has io.containerd.runc.v2, runc). Install the NVIDIA Container Toolkit on"
                        + " the engine's host and register its runtime (nvidia-ctk runtime configure --runtime=docker,"
                        + " then restart the engine), or run it on CPU with --cpu-fallback or x-mlcompose:"
                        + " {cpu-fallback: true}\n"
                        + "service tools uses runtime nvidia without GPUs but the engine has no nvidia runtime (it has"
                        + " io.containerd.runc.v2, runc). Install the NVIDIA Container Toolkit on the engine's host and"
                        + " register its runtime (nvidia-ctk runtime configure --runtime=docker, then restart the engine)");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create "));
    }

    @Test
    void on_cpu_fallback_a_runtime_nvidia_service_runs_on_the_default_runtime_without_gpu_selection() throws IOException {
        withRuntimes("runc");
        runner.up(project("""
                services:
                  llm:
                    image: t
                    runtime: nvidia
                    environment: {NVIDIA_VISIBLE_DEVICES: all, NVIDIA_DRIVER_CAPABILITIES: compute, MODEL: m}
                    x-mlcompose: {cpu-fallback: true}
                """), onGpus("0,1"));

        ContainerSpec llm = spec("ml-llm-1");
        assertThat(llm.security().runtime()).isEmpty();
        assertThat(llm.process().environment()).containsOnlyKeys("MODEL");
        assertThat(llm.labels()).containsEntry(GpuAllocator.FALLBACK_LABEL, "cpu").doesNotContainKey(GpuAllocator.LABEL);
        assertThat(warnings).contains("service llm uses runtime nvidia for all GPUs but the engine has no nvidia"
                + " runtime: running it on CPU (cpu-fallback)");
    }

    @Test
    void cdi_all_gets_every_gpu_of_the_inventory_as_one_cdi_name_each() throws IOException {
        engine.cdiDevices = Set.of("nvidia.com/gpu=0", "nvidia.com/gpu=1", "nvidia.com/gpu=all");
        runner.up(project("""
                services:
                  ocr: {image: t, devices: [nvidia.com/gpu=all, /dev/fuse]}
                """), onGpus("0,1"));

        assertThat(cdiNames("ml-ocr-1")).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=1");
        assertThat(spec("ml-ocr-1").labels()).containsEntry(GpuAllocator.LABEL, "0,1");
        assertThat(spec("ml-ocr-1").devices().mappings()).hasSize(1);
        assertThat(engine.log).as("the CDI names were probed once").containsOnlyOnce("probe start ");
    }

    @Test
    void cdi_gpu_n_holds_gpu_n_against_reservations_and_amd_names_are_gpus_too() throws IOException {
        engine.cdiDevices = Set.of("amd.com/gpu=1", "amd.com/gpu=all");
        assertThatThrownBy(() -> runner.up(project("""
                services:
                  a: {image: t, devices: [amd.com/gpu=1]}
                  b: {image: t, gpus: [{count: 1}], depends_on: [a]}
                  c: {image: t, devices: [amd.com/gpu=all], depends_on: [b]}
                """), onGpus("0,1")))
                .hasMessageContaining("ml-c-1 needs all GPUs of 2").hasMessageContaining("GPU 0 is held by ml-b-1")
                .hasMessageContaining("GPU 1 is held by ml-a-1");

        assertThat(cdiNames("ml-a-1")).containsExactly("amd.com/gpu=1");
        assertThat(engine.devices().get("ml-b-1").get(0).deviceIds()).containsExactly("0");
    }

    @Test
    void without_an_inventory_cdi_names_go_to_the_engine_as_written() throws IOException {
        engine.cdiDevices = Set.of("nvidia.com/gpu=all");
        runner.up(project("""
                services:
                  ocr: {image: t, devices: [nvidia.com/gpu=all]}
                """), UpRequest.defaults().withGpus(new GpuOptions(Optional.of(GpuInventory.UNKNOWN),
                GpuAllocator.Policy.FAIL, false)));

        assertThat(cdiNames("ml-ocr-1")).containsExactly("nvidia.com/gpu=all");
        assertThat(warnings).anyMatch(w -> w.startsWith("no GPU inventory"));
    }

    @Test
    void an_engine_without_cdi_or_without_the_names_fails_the_cdi_gpu_services_before_anything_is_created()
            throws IOException {
        String yaml = """
                services:
                  db: {image: db}
                  ocr: {image: t, devices: [nvidia.com/gpu=7, /dev/fuse], depends_on: [db]}
                """;
        assertThatThrownBy(() -> runner.up(project(yaml), onGpus("0,1")))
                .isInstanceOf(ServiceFailure.class)
                .hasMessageStartingWith("service ocr asks for CDI device nvidia.com/gpu=7 but the engine does not resolve"
                        + " CDI devices (could not select device driver \"cdi\" with capabilities: []). Use Docker Engine"
                        + " 25 or newer with CDI on (\"features\": {\"cdi\": true} in daemon.json;")
                .hasMessageEndingWith("or run it on CPU with --cpu-fallback or x-mlcompose: {cpu-fallback: true}")
                .message().as("one line: the start checks leave GPU names to the GPU checks").doesNotContain("\n");

        engine.cdiDevices = Set.of("nvidia.com/gpu=0");
        assertThatThrownBy(() -> runner.up(project(yaml), onGpus("0,1")))
                .hasMessageStartingWith("service ocr asks for CDI device nvidia.com/gpu=7 but the engine cannot resolve it"
                        + " (CDI device injection failed: unresolvable CDI devices nvidia.com/gpu=7). No CDI spec");
        assertThat(engine.steps()).noneMatch(s -> s.startsWith("create "));
    }

    @Test
    void on_cpu_fallback_the_cdi_gpu_names_are_dropped_and_the_other_devices_stay() throws IOException {
        engine.cdiDevices = Set.of("vendor.com/fpga=0"); // CDI, but no GPU spec on the engine's host
        runner.up(project("""
                services:
                  ocr: {image: t, devices: [nvidia.com/gpu=0, vendor.com/fpga=0, /dev/fuse]}
                """), UpRequest.defaults().withGpus(new GpuOptions(Optional.of(GpuInventory.parse("0,1", "test")),
                GpuAllocator.Policy.FAIL, true)));

        assertThat(cdiNames("ml-ocr-1")).containsExactly("vendor.com/fpga=0");
        assertThat(spec("ml-ocr-1").labels()).containsEntry(GpuAllocator.FALLBACK_LABEL, "cpu");
        assertThat(warnings).contains("service ocr asks for CDI device nvidia.com/gpu=0 but the engine cannot resolve it:"
                + " running it on CPU (cpu-fallback)");
    }

    @Test
    void the_start_checks_probe_a_service_without_its_gpu_requests() throws IOException {
        var project = project("""
                services:
                  llm:
                    image: t
                    runtime: nvidia
                    devices: [nvidia.com/gpu=0, vendor.com/fpga=0]
                    gpus: all
                """);

        ContainerSpec probe = StartChecks.probe(project, project.service("llm").orElseThrow());

        assertThat(probe.devices().requests()).containsExactly(new DeviceRequest("cdi", 0, List.of("vendor.com/fpga=0"),
                List.of(), Map.of()));
        assertThat(probe.security().runtime()).isEmpty();
    }
}
