package dev.mlcompose.runner.spec;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBlkioBuilder;
import dev.mlcompose.runner.engine.ContainerSpecDevicesBuilder;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A service's devices as compose passes them: host devices by path, CDI names ({@code vendor.com/class=name}) as
 * one request to the engine's {@code cdi} driver, GPU reservations as device requests.
 */
final class ServiceDevices {

    /** A qualified CDI device name, as the CDI parser's {@code IsQualifiedName} reads it. */
    private static final Pattern CDI_NAME = Pattern.compile(
            "[a-zA-Z](?:[a-zA-Z0-9._-]*[a-zA-Z0-9])?/[a-zA-Z](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?=[a-zA-Z0-9](?:[a-zA-Z0-9_.:-]*[a-zA-Z0-9])?");

    private ServiceDevices() {
    }

    static ContainerSpec.Devices of(Service service) {
        ContainerOptions.Devices d = service.options().devices();
        var mappings = new ArrayList<ContainerSpec.DeviceMapping>();
        var cdi = new ArrayList<String>();
        for (ContainerOptions.DeviceMapping m : d.mappings()) {
            if (isCdi(m)) {
                cdi.add(m.source());
            } else {
                mappings.add(new ContainerSpec.DeviceMapping(m.source(), m.target(), m.permissions()));
            }
        }
        var requests = new ArrayList<>(requests(service));
        if (!cdi.isEmpty()) {
            requests.add(new DeviceRequest("cdi", 0, cdi, List.of(), Map.of()));
        }
        return ContainerSpecDevicesBuilder.builder().mappings(mappings).cgroupRules(d.cgroupRules()).requests(requests)
                .build();
    }

    /** compose (since 2.30) passes a {@code devices} entry whose source is its own target and a CDI name as CDI. */
    static boolean isCdi(ContainerOptions.DeviceMapping m) {
        return m.source().equals(m.target()) && CDI_NAME.matcher(m.source()).matches();
    }

    /** Device reservations and {@code gpus:}; neither count nor device_ids means all (compose ≥ 2.30). */
    static List<DeviceRequest> requests(Service service) {
        return service.resources().map(Service.Resources::devices).orElse(List.of()).stream()
                .map(r -> new DeviceRequest(r.driver().orElse(""),
                        r.deviceIds().isEmpty() ? r.count().orElse(-1L).intValue() : 0, r.deviceIds(),
                        r.capabilities(), r.options())).toList();
    }

    static ContainerSpec.Blkio blkio(ContainerOptions.Blkio b) {
        return ContainerSpecBlkioBuilder.builder().weight(b.weight().orElse(0)).weightDevice(throttles(b.weightDevice()))
                .readBps(throttles(b.readBps())).writeBps(throttles(b.writeBps())).readIops(throttles(b.readIops()))
                .writeIops(throttles(b.writeIops())).build();
    }

    private static List<ContainerSpec.Throttle> throttles(List<ContainerOptions.Throttle> throttles) {
        return throttles.stream().map(t -> new ContainerSpec.Throttle(t.path(), t.value())).toList();
    }
}
