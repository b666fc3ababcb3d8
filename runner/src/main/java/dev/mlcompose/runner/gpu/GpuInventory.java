package dev.mlcompose.runner.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The GPUs the allocator may hand out, and where that list came from: {@code --gpu-inventory}, else
 * {@code MLCOMPOSE_GPUS}, else {@code nvidia-smi} on this machine (the engine is assumed to be local). An
 * empty inventory means "unknown": requests then go to the engine as written, as docker compose does.
 */
public record GpuInventory(List<String> ids, String source) {

    public static final GpuInventory UNKNOWN = new GpuInventory(List.of(), "none");

    public GpuInventory {
        ids = List.copyOf(ids);
    }

    public boolean isKnown() {
        return !ids.isEmpty();
    }

    /** From an explicit comma-separated list (flag or environment), else from nvidia-smi. */
    public static GpuInventory detect(Optional<String> flag, Map<String, String> environment) {
        if (flag.isPresent()) {
            return parse(flag.get(), "--gpu-inventory");
        }
        String env = environment.get("MLCOMPOSE_GPUS");
        if (env != null) {
            return parse(env, "MLCOMPOSE_GPUS");
        }
        return nvidiaSmi().map(ids -> new GpuInventory(ids, "nvidia-smi")).orElse(UNKNOWN);
    }

    public static GpuInventory parse(String list, String source) {
        return new GpuInventory(Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList(), source);
    }

    /** The GPU indexes nvidia-smi lists; empty when it is not installed or fails. */
    private static Optional<List<String>> nvidiaSmi() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=index", "--format=csv,noheader")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            List<String> ids = out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
        } catch (IOException e) {
            return Optional.empty(); // not installed: no NVIDIA driver on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
