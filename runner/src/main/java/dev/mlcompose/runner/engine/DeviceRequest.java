package dev.mlcompose.runner.engine;

import java.util.List;
import java.util.Map;

/** A device (GPU) request; {@code count} -1 means all, ignored when {@code deviceIds} is set. */
public record DeviceRequest(String driver, int count, List<String> deviceIds, List<String> capabilities,
                            Map<String, String> options) {

    public DeviceRequest {
        deviceIds = List.copyOf(deviceIds);
        capabilities = List.copyOf(capabilities);
        options = Map.copyOf(options);
    }
}
