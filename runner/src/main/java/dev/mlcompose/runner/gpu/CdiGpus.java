package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.DeviceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GPUs as CDI names in {@code devices} ({@code nvidia.com/gpu=0}, {@code amd.com/gpu=all}: class {@code gpu}), which
 * reach the engine as a device request of its {@code cdi} driver. {@code =all} claims every GPU of the inventory,
 * {@code =N} GPU N; the choice is written back as one name per GPU ({@code nvidia.com/gpu=0},
 * {@code nvidia.com/gpu=1}), as CDI specs name GPUs by index. Other CDI names of the service stay as they are.
 */
public record CdiGpus(List<String> names) implements GpuRequest {

    /** The engine's device driver for CDI names (compose ≥ 2.30 passes them so). */
    public static final String DRIVER = "cdi";

    public CdiGpus {
        names = List.copyOf(names);
    }

    static Optional<GpuRequest> in(ContainerSpec spec) {
        List<String> gpus = spec.devices().requests().stream().filter(r -> r.driver().equals(DRIVER))
                .flatMap(r -> r.deviceIds().stream()).filter(CdiGpus::isGpu).toList();
        return gpus.isEmpty() ? Optional.empty() : Optional.of(new CdiGpus(gpus));
    }

    /** A qualified CDI name {@code vendor/class=device} whose class is {@code gpu}. */
    static boolean isGpu(String name) {
        int slash = name.indexOf('/');
        int eq = name.indexOf('=');
        return slash > 0 && eq > slash && name.substring(slash + 1, eq).equals("gpu");
    }

    @Override
    public GpuClaim claim(boolean shared) {
        List<String> devices = names.stream().map(n -> n.substring(n.indexOf('=') + 1)).toList();
        return devices.contains("all") ? new GpuClaim(-1, List.of(), shared) : new GpuClaim(0, devices, shared);
    }

    @Override
    public ContainerSpec assign(ContainerSpec spec, List<String> ids) {
        String kind = names.get(0).substring(0, names.get(0).indexOf('='));
        return withGpuNames(spec, ids.stream().map(id -> kind + "=" + id).toList());
    }

    @Override
    public ContainerSpec drop(ContainerSpec spec) {
        return withGpuNames(spec, List.of());
    }

    /** The spec with its CDI GPU names replaced by {@code gpus}, in the first CDI request; empty ones go. */
    private static ContainerSpec withGpuNames(ContainerSpec spec, List<String> gpus) {
        var requests = new ArrayList<DeviceRequest>();
        boolean placed = false;
        for (DeviceRequest r : spec.devices().requests()) {
            if (!r.driver().equals(DRIVER)) {
                requests.add(r);
                continue;
            }
            var ids = new ArrayList<>(r.deviceIds().stream().filter(n -> !isGpu(n)).toList());
            if (!placed && r.deviceIds().stream().anyMatch(CdiGpus::isGpu)) {
                ids.addAll(gpus);
                placed = true;
            }
            if (!ids.isEmpty()) {
                requests.add(new DeviceRequest(r.driver(), r.count(), ids, r.capabilities(), r.options()));
            }
        }
        return spec.withDevices(spec.devices().withRequests(requests));
    }

    /** The engine's words decide: it has no CDI at all, or no CDI spec names these devices. */
    @Override
    public Optional<Unsupported> unsupported(GpuSupport engine) {
        String them = names.size() == 1 ? "it" : "them";
        return engine.cdiRefusal(names).map(reason -> {
            if (reason.contains("could not select device driver")) {
                return new Unsupported("the engine does not resolve CDI devices", reason, "Use Docker Engine 25 or"
                        + " newer with CDI on (\"features\": {\"cdi\": true} in daemon.json; the default from Engine"
                        + " 28.2) and a CDI spec for the GPUs on its host (nvidia-ctk cdi generate"
                        + " --output=/etc/cdi/nvidia.yaml)");
            }
            if (reason.contains("unresolvable CDI devices")) {
                return new Unsupported("the engine cannot resolve " + them, reason, "No CDI spec in the engine's CDI"
                        + " spec directories (docker info) names " + them + "; nvidia-ctk cdi list shows the names"
                        + " there");
            }
            return new Unsupported("the engine refuses " + them, reason, "Check the names against the engine's CDI"
                    + " specs");
        });
    }

    @Override
    public String asks() {
        return "asks for CDI device" + (names.size() == 1 ? " " : "s ") + String.join(", ", names);
    }

    @Override
    public String written() {
        return "";
    }
}
