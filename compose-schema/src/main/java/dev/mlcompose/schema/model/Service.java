package dev.mlcompose.schema.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service as the runner uses it. Attributes that only {@code config} prints stay in the project's
 * canonical document; each new runner feature adds its typed field here.
 */
public record Service(String name, Optional<String> image, Optional<Build> build, Optional<List<String>> command,
                      Optional<List<String>> entrypoint, Map<String, String> environment, Map<String, String> labels,
                      List<Port> ports, List<Mount> volumes, Map<String, Dependency> dependsOn,
                      Optional<Healthcheck> healthcheck, Optional<Resources> resources, List<String> networks,
                      Optional<String> networkMode, Optional<String> restart, Optional<String> user,
                      Optional<String> workingDir, Optional<String> containerName, List<String> profiles,
                      int replicas, Optional<Duration> stopGracePeriod, ContainerOptions options,
                      Map<String, List<String>> networkAliases, Map<String, Object> extensions,
                      List<FileRef> files) {

    public Service {
        command = command.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
        environment = ModelBinder.ordered(environment);
        labels = ModelBinder.ordered(labels);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        dependsOn = ModelBinder.ordered(dependsOn);
        networks = List.copyOf(networks);
        profiles = List.copyOf(profiles);
        networkAliases = ModelBinder.ordered(networkAliases);
        extensions = ModelBinder.ordered(extensions);
        files = List.copyOf(files);
    }

    /** A secret or config ({@code kind}) the service mounts at {@code target}. */
    public record FileRef(String kind, String source, String target) {
    }

    /** The mlcompose settings of this service ({@code x-mlcompose}), empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> mlcompose() {
        return extensions.get("x-mlcompose") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The same settings, typed. */
    public MlSettings ml() {
        return MlSettings.of(mlcompose());
    }

    /** How a service waits for another (depends_on long syntax). */
    public record Dependency(String condition, boolean required, boolean restart) {
    }

    /** A published or exposed port in long syntax. */
    public record Port(int target, Optional<String> published, Optional<String> hostIp, String protocol) {
    }

    /** A bind, volume or tmpfs mount. */
    public record Mount(String type, Optional<String> source, String target, boolean readOnly) {
    }

    /** The image build. */
    public record Build(String context, Optional<String> dockerfile, Map<String, String> args,
                       Optional<String> target) {
        public Build {
            args = ModelBinder.ordered(args);
        }
    }

    /** The container's healthcheck; an empty test means the image's own. */
    public record Healthcheck(List<String> test, Optional<Duration> interval, Optional<Duration> timeout,
                              Optional<Integer> retries, Optional<Duration> startPeriod,
                              Optional<Duration> startInterval, boolean disabled) {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** Limits and reservations, with GPU and other device requests. */
    public record Resources(Optional<Double> cpuLimit, Optional<ByteSize> memoryLimit, Optional<Long> pidsLimit,
                            Optional<Double> cpuReservation, Optional<ByteSize> memoryReservation,
                            List<DeviceRequest> devices) {
        public Resources {
            devices = List.copyOf(devices);
        }
    }

    /** A device reservation; {@code count} -1 means all. */
    public record DeviceRequest(Optional<String> driver, Optional<Long> count, List<String> deviceIds,
                                List<String> capabilities, Map<String, String> options) {
        public DeviceRequest {
            deviceIds = List.copyOf(deviceIds);
            capabilities = List.copyOf(capabilities);
            options = ModelBinder.ordered(options);
        }
    }
}
