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
                      Map<String, Attachment> attachments, Map<String, Object> extensions,
                      List<FileRef> files, Lifecycle lifecycle, Integrations integrations, List<WatchRule> watch,
                      Deploy deploy) {

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
        attachments = ModelBinder.ordered(attachments);
        extensions = ModelBinder.ordered(extensions);
        files = List.copyOf(files);
        watch = List.copyOf(watch);
    }

    /**
     * One {@code develop.watch} rule: what to do when a file under {@code path} (absolute) changes. {@code target}
     * is where a sync puts it in the container; {@code ignore} and {@code include} are {@code .dockerignore}-style
     * patterns relative to {@code path}; {@code exec} is the command of {@code sync+exec}.
     */
    public record WatchRule(WatchAction action, String path, Optional<String> target, List<String> ignore,
                            List<String> include, Optional<Hook> exec, boolean initialSync) {
        public WatchRule {
            ignore = List.copyOf(ignore);
            include = List.copyOf(include);
        }

        /** Whether the rule copies files into the container. */
        public boolean syncs() {
            return action == WatchAction.SYNC || action == WatchAction.SYNC_RESTART || action == WatchAction.SYNC_EXEC;
        }
    }

    /** A watch rule's {@code action}, as the Compose Specification spells it ({@link #toString()}). */
    public enum WatchAction {
        SYNC("sync"), REBUILD("rebuild"), RESTART("restart"), SYNC_RESTART("sync+restart"), SYNC_EXEC("sync+exec");

        private final String spelling;

        WatchAction(String spelling) {
            this.spelling = spelling;
        }

        /** The action spelled {@code text}; the schema has refused any other before this is called. */
        public static WatchAction of(String text) {
            for (WatchAction a : values()) {
                if (a.spelling.equals(text)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown watch action: " + text);
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    /**
     * A secret or config ({@code kind}) the service mounts at {@code target}; {@code uid}, {@code gid} and
     * {@code mode} apply where its content is copied in (environment and content ones).
     */
    public record FileRef(String kind, String source, String target, Optional<String> uid, Optional<String> gid,
                          Optional<Integer> mode) {
    }

    /**
     * How a service is attached to one of its networks. {@link Service#networks()} lists the networks in
     * compose's order: highest {@code priority} first, then by name; the first is joined at create.
     */
    public record Attachment(List<String> aliases, Optional<String> ipv4Address, Optional<String> ipv6Address,
                             List<String> linkLocalIps, Optional<String> macAddress, int priority,
                             Map<String, String> driverOpts) {
        public Attachment {
            aliases = List.copyOf(aliases);
            linkLocalIps = List.copyOf(linkLocalIps);
            driverOpts = ModelBinder.ordered(driverOpts);
        }

        public static final Attachment DEFAULT = new Attachment(List.of(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), 0, Map.of());
    }

    /**
     * Commands around the container's life: {@code preStart} steps run to completion in containers of their own
     * before it starts; {@code postStart} and {@code preStop} hooks run inside it after it started and before it
     * is stopped.
     */
    public record Lifecycle(List<Hook> preStart, List<Hook> postStart, List<Hook> preStop) {
        public Lifecycle {
            preStart = List.copyOf(preStart);
            postStart = List.copyOf(postStart);
            preStop = List.copyOf(preStop);
        }

        public boolean isEmpty() {
            return preStart.isEmpty() && postStart.isEmpty() && preStop.isEmpty();
        }
    }

    /** A hook's command; {@code image} only for pre_start steps (empty: the service's image). */
    public record Hook(List<String> command, Optional<String> image, Optional<String> user, boolean privileged,
                       Optional<String> workingDir, Map<String, String> environment) {
        public Hook {
            command = List.copyOf(command);
            environment = ModelBinder.ordered(environment);
        }
    }

    /**
     * Keys that hand a service to something outside the engine: an external {@code provider}'s type, the
     * {@code models} of Docker Model Runner, and {@code use_api_socket} (the engine's own socket inside).
     */
    public record Integrations(Optional<String> provider, List<String> models, boolean useApiSocket) {
        public Integrations {
            models = List.copyOf(models);
        }
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

    /** A published or exposed port in long syntax; {@code mode} ({@code ingress} or {@code host}) is Swarm's. */
    public record Port(int target, Optional<String> published, Optional<String> hostIp, String protocol,
                       Optional<String> mode) {
    }

    /** A bind, volume or tmpfs mount (also npipe and image, which the engine may refuse). */
    public record Mount(String type, Optional<String> source, String target, boolean readOnly, MountOptions options) {
        public Mount(String type, Optional<String> source, String target, boolean readOnly) {
            this(type, source, target, readOnly, MountOptions.NONE);
        }
    }

    /**
     * A mount's options by type: bind ({@code propagation}, {@code createHostPath} (set by the short syntax),
     * {@code selinux} {@code z}/{@code Z}), volume ({@code noCopy}, {@code subpath}; {@code volumeBlock} when the
     * file has a {@code volume:} block, which the short syntax always has), tmpfs ({@code size}, {@code mode});
     * {@code consistency} is for Docker Desktop and ignored by Linux engines.
     */
    public record MountOptions(Optional<String> propagation, boolean createHostPath, Optional<String> selinux,
                               boolean volumeBlock, boolean noCopy, Optional<String> subpath, Optional<Long> tmpfsSize,
                               Optional<Integer> tmpfsMode, Optional<String> consistency) {
        public static final MountOptions NONE = new MountOptions(Optional.empty(), false, Optional.empty(), false,
                false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
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
