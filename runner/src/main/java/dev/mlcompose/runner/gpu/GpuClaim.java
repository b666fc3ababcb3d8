package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.DeviceRequest;
import java.util.List;

/**
 * What one container asks of the GPU inventory: {@code count} GPUs (-1: all of them) or the given
 * {@code deviceIds}; {@code shared} when it may share them with other sharing containers.
 */
public record GpuClaim(int count, List<String> deviceIds, boolean shared) {

    public GpuClaim {
        deviceIds = List.copyOf(deviceIds);
    }

    public static GpuClaim of(DeviceRequest request, boolean shared) {
        return new GpuClaim(request.deviceIds().isEmpty() ? request.count() : 0, request.deviceIds(), shared);
    }

    public boolean wantsAll() {
        return deviceIds.isEmpty() && count < 0;
    }

    /** For messages: "2 GPUs", "all GPUs", "GPU 1,3". */
    public String describe() {
        if (!deviceIds.isEmpty()) {
            return "GPU " + String.join(",", deviceIds);
        }
        return wantsAll() ? "all GPUs" : count == 1 ? "1 GPU" : count + " GPUs";
    }
}
