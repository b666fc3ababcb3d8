package dev.mlcompose.runner.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecDevicesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecProcessBuilder;
import dev.mlcompose.runner.engine.ContainerSpecSecurityBuilder;
import dev.mlcompose.runner.engine.DeviceRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three forms of a GPU request: what each claims, how a choice is written in, how it is dropped for CPU. */
class GpuRequestTest {

    private static final DeviceRequest ONE_NVIDIA = new DeviceRequest("nvidia", 1, List.of(), List.of("gpu"), Map.of());
    private static final DeviceRequest TPU = new DeviceRequest("", -1, List.of(), List.of("tpu"), Map.of());

    private static ContainerSpec spec(Map<String, String> env, Optional<String> runtime, DeviceRequest... requests) {
        return ContainerSpecBuilder.builder().name("c").image("i")
                .process(ContainerSpecProcessBuilder.builder().environment(env).build())
                .security(ContainerSpecSecurityBuilder.builder().runtime(runtime).build())
                .devices(ContainerSpecDevicesBuilder.builder().requests(List.of(requests)).build()).build();
    }

    private static ContainerSpec onNvidiaRuntime(Map<String, String> env) {
        return spec(env, Optional.of("nvidia"));
    }

    private static DeviceRequest cdi(String... names) {
        return new DeviceRequest("cdi", 0, List.of(names), List.of(), Map.of());
    }

    /** An engine with the given answers. */
    private record Engine(boolean driver, List<String> runtimes, Optional<String> cdi) implements GpuSupport {
        @Override
        public boolean hasDeviceDriver(DeviceRequest request) {
            return driver;
        }

        @Override
        public Optional<String> cdiRefusal(List<String> names) {
            return cdi;
        }
    }

    private static final Engine NOTHING = new Engine(false, List.of("runc", "io.containerd.runc.v2"),
            Optional.of("could not select device driver \"cdi\" with capabilities: []"));

    @Test
    void a_container_without_gpu_requests_has_none_and_the_first_form_is_the_one_allocated() {
        assertThat(GpuRequest.in(spec(Map.of("NVIDIA_VISIBLE_DEVICES", "0"), Optional.empty(),
                cdi("vendor.com/fpga=0"), TPU))) .isEmpty();

        var all = GpuRequest.in(spec(Map.of(), Optional.of("nvidia"), cdi("nvidia.com/gpu=1"), ONE_NVIDIA));
        assertThat(all).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("ReservedGpus", "CdiGpus", "NvidiaRuntimeGpus");
    }

    @Test
    void runtime_nvidia_claims_the_gpus_nvidia_visible_devices_names_and_all_when_it_is_unset() {
        assertThat(GpuRequest.in(onNvidiaRuntime(Map.of("NVIDIA_VISIBLE_DEVICES", "0, 1"))).get(0).claim(false))
                .isEqualTo(new GpuClaim(0, List.of("0", "1"), false));
        assertThat(GpuRequest.in(onNvidiaRuntime(Map.of())).get(0).claim(true).wantsAll()).isTrue();
        assertThat(GpuRequest.in(onNvidiaRuntime(Map.of("NVIDIA_VISIBLE_DEVICES", "all"))).get(0).claim(false)
                .describe()).isEqualTo("all GPUs");
        for (String noGpu : List.of("none", "void", "")) {
            assertThat(GpuRequest.in(onNvidiaRuntime(Map.of("NVIDIA_VISIBLE_DEVICES", noGpu)))).as(noGpu).isEmpty();
        }
    }

    @Test
    void runtime_nvidia_gets_the_chosen_gpus_in_nvidia_visible_devices_and_on_cpu_the_default_runtime() {
        ContainerSpec spec = onNvidiaRuntime(Map.of("NVIDIA_VISIBLE_DEVICES", "all", "NVIDIA_DRIVER_CAPABILITIES",
                "compute", "NVIDIA_REQUIRE_CUDA", "cuda>=12", "NVIDIA_API_KEY", "k", "MODEL", "m"));
        GpuRequest gpu = GpuRequest.in(spec).get(0);

        assertThat(gpu.assign(spec, List.of("0", "1")).process().environment())
                .containsEntry("NVIDIA_VISIBLE_DEVICES", "0,1").containsEntry("MODEL", "m");
        ContainerSpec onCpu = GpuRequest.dropAll(spec);
        assertThat(onCpu.security().runtime()).isEmpty();
        assertThat(onCpu.process().environment()).containsOnlyKeys("NVIDIA_API_KEY", "MODEL");
    }

    @Test
    void cdi_gpu_names_claim_gpu_n_or_all_and_other_classes_are_no_gpu() {
        assertThat(GpuRequest.in(spec(Map.of(), Optional.empty(), cdi("nvidia.com/gpu=1", "vendor.com/fpga=0")))
                .get(0).claim(false)).isEqualTo(new GpuClaim(0, List.of("1"), false));
        assertThat(GpuRequest.in(spec(Map.of(), Optional.empty(), cdi("amd.com/gpu=all"))).get(0).claim(false)
                .wantsAll()).isTrue();
        assertThat(GpuRequest.in(spec(Map.of(), Optional.empty(), cdi("nvidia.com/mig=0", "nvidia.com/gpus=0"))))
                .isEmpty();
    }

    @Test
    void cdi_all_is_written_as_one_name_per_chosen_gpu_and_dropped_without_the_other_cdi_names() {
        ContainerSpec spec = spec(Map.of(), Optional.empty(), TPU, cdi("vendor.com/fpga=0",
                "nvidia.com/gpu=all"));
        GpuRequest gpu = GpuRequest.in(spec).get(0);

        assertThat(gpu.assign(spec, List.of("0", "1")).devices().requests()).containsExactly(TPU,
                cdi("vendor.com/fpga=0", "nvidia.com/gpu=0", "nvidia.com/gpu=1"));
        assertThat(GpuRequest.dropAll(spec).devices().requests()).containsExactly(TPU,
                cdi("vendor.com/fpga=0"));
        assertThat(GpuRequest.dropAll(spec(Map.of(), Optional.empty(), cdi("amd.com/gpu=0"))).devices().requests())
                .as("a CDI request left with no name goes").isEmpty();
    }

    @Test
    void a_reservation_gets_the_chosen_device_ids_and_goes_on_cpu() {
        ContainerSpec spec = spec(Map.of(), Optional.empty(), cdi("vendor.com/fpga=0"), ONE_NVIDIA);
        GpuRequest gpu = GpuRequest.in(spec).get(0);

        assertThat(gpu.assign(spec, List.of("1")).devices().requests()).containsExactly(cdi("vendor.com/fpga=0"),
                new DeviceRequest("nvidia", 0, List.of("1"), List.of("gpu"), Map.of()));
        assertThat(gpu.drop(spec).devices().requests()).containsExactly(cdi("vendor.com/fpga=0"));
    }

    @Test
    void each_form_says_what_the_engine_lacks_and_the_fix_in_one_line() {
        var reserved = GpuRequest.in(spec(Map.of(), Optional.empty(), ONE_NVIDIA)).get(0);
        assertThat(reserved.unsupported(NOTHING).orElseThrow().failure("train", reserved)).isEqualTo("service train"
                + " reserves 1 GPU (driver nvidia) but the engine has no GPU runtime (it cannot select device driver"
                + " \"nvidia\"). Install the NVIDIA Container Toolkit on the engine's host, or run it on CPU with"
                + " --cpu-fallback or x-mlcompose: {cpu-fallback: true}");

        var runtime = GpuRequest.in(onNvidiaRuntime(Map.of("NVIDIA_VISIBLE_DEVICES", "1"))).get(0);
        assertThat(runtime.unsupported(NOTHING).orElseThrow().failure("llm", runtime)).startsWith("service llm uses"
                + " runtime nvidia for GPU 1 (NVIDIA_VISIBLE_DEVICES=1) but the engine has no nvidia runtime (it has"
                + " runc, io.containerd.runc.v2). Install the NVIDIA Container Toolkit on the engine's host and"
                + " register its runtime (nvidia-ctk runtime configure --runtime=docker");
        assertThat(runtime.unsupported(new Engine(false, List.of("nvidia", "runc"), Optional.empty()))).isEmpty();

        var cdi = GpuRequest.in(spec(Map.of(), Optional.empty(), cdi("nvidia.com/gpu=0"))).get(0);
        assertThat(cdi.unsupported(NOTHING).orElseThrow().failure("ocr", cdi)).startsWith("service ocr asks for CDI"
                + " device nvidia.com/gpu=0 but the engine does not resolve CDI devices (could not select device driver"
                + " \"cdi\" with capabilities: []). Use Docker Engine 25 or newer with CDI on");
        var unknown = new Engine(true, List.of(), Optional.of("CDI device injection failed: unresolvable CDI devices"
                + " nvidia.com/gpu=0"));
        assertThat(cdi.unsupported(unknown).orElseThrow().fallback("ocr", cdi)).isEqualTo("service ocr asks for CDI"
                + " device nvidia.com/gpu=0 but the engine cannot resolve it: running it on CPU (cpu-fallback)");
    }
}
