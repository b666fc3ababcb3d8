package dev.mlcompose.runner.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything needed to create one container, in named parts (as the Engine API splits a container's config from its
 * host config). Unset values mean the engine's default. Build one with {@code ContainerSpecBuilder.builder()};
 * change one with its withers ({@code spec.withLabels(...)}). {@code autoRemove}: the engine removes the container
 * once it has exited ({@code run -d --rm}).
 */
@Buildable
public record ContainerSpec(String name, String image, Optional<String> platform, Map<String, String> labels,
                            Map<String, String> annotations, Process process, Security security, Namespaces namespaces,
                            Resources resources, Devices devices, Storage storage, Networking networking,
                            Optional<Healthcheck> healthcheck, RestartPolicy restart, Optional<Logging> logging,
                            boolean autoRemove)
        implements ContainerSpecBuilder.With {

    public ContainerSpec {
        process = orEmpty(process, ContainerSpecProcessBuilder.builder()::build);
        security = orEmpty(security, ContainerSpecSecurityBuilder.builder()::build);
        namespaces = orEmpty(namespaces, ContainerSpecNamespacesBuilder.builder()::build);
        resources = orEmpty(resources, ContainerSpecResourcesBuilder.builder()::build);
        devices = orEmpty(devices, ContainerSpecDevicesBuilder.builder()::build);
        storage = orEmpty(storage, ContainerSpecStorageBuilder.builder()::build);
        networking = orEmpty(networking, ContainerSpecNetworkingBuilder.builder()::build);
        restart = orEmpty(restart, () -> RestartPolicy.NONE);
    }

    private static <T> T orEmpty(T part, Supplier<T> empty) {
        return part == null ? empty.get() : part;
    }

    /** The main process and how it is run. */
    @Buildable
    public record Process(Optional<List<String>> command, Optional<List<String>> entrypoint,
                          Map<String, String> environment, Optional<String> user, List<String> groupAdd,
                          Optional<String> workingDir, Optional<String> hostname, Optional<String> domainname,
                          boolean tty, boolean stdinOpen, boolean stdinOnce, boolean init, Optional<String> stopSignal,
                          Optional<Duration> stopTimeout) implements ContainerSpecProcessBuilder.With {
    }

    /**
     * Privileges and confinement; {@code unconfinedPaths} leaves /proc and /sys unmasked (compose's
     * {@code security_opt: systempaths=unconfined}).
     */
    @Buildable
    public record Security(boolean privileged, boolean readOnly, List<String> capAdd, List<String> capDrop,
                           List<String> securityOpt, boolean unconfinedPaths, Optional<String> runtime,
                           Optional<String> isolation, Map<String, String> sysctls)
            implements ContainerSpecSecurityBuilder.With {
    }

    /** Namespace modes as the engine takes them ({@code host}, {@code private}, {@code container:ID}…). */
    @Buildable
    public record Namespaces(Optional<String> ipc, Optional<String> pid, Optional<String> uts, Optional<String> cgroup,
                             Optional<String> userns) implements ContainerSpecNamespacesBuilder.With {
    }

    /** cgroup limits; 0 means unlimited or the engine's default. */
    @Buildable
    public record Resources(Cpu cpu, Memory memory, long pidsLimit, Map<String, Ulimit> ulimits,
                            Optional<Blkio> blkio, Optional<String> cgroupParent)
            implements ContainerSpecResourcesBuilder.With {
        public Resources {
            cpu = cpu == null ? ContainerSpecCpuBuilder.builder().build() : cpu;
            memory = memory == null ? ContainerSpecMemoryBuilder.builder().build() : memory;
        }
    }

    /** CPU quota, shares and pinning ({@code percent} and {@code count} are Windows-only). */
    @Buildable
    public record Cpu(long nanoCpus, long shares, Optional<String> cpuset, long count, long percent, long period,
                      long quota, long realtimePeriod, long realtimeRuntime) implements ContainerSpecCpuBuilder.With {
    }

    /** Memory limits; {@code swap} -1 is unlimited; {@code oomKillDisable} is sent as given, as compose does. */
    @Buildable
    public record Memory(long limit, long swap, long reservation, Optional<Long> swappiness, boolean oomKillDisable,
                         int oomScoreAdj, long shmSize) implements ContainerSpecMemoryBuilder.With {
    }

    /** A soft/hard ulimit. */
    public record Ulimit(long soft, long hard) {
    }

    /** Block IO weight and throttles. */
    @Buildable
    public record Blkio(int weight, List<Throttle> weightDevice, List<Throttle> readBps, List<Throttle> writeBps,
                        List<Throttle> readIops, List<Throttle> writeIops) implements ContainerSpecBlkioBuilder.With {
    }

    /** A block device's weight or rate. */
    public record Throttle(String path, long value) {
    }

    /** Host devices, device cgroup rules, and device requests (GPUs, CDI devices). */
    @Buildable
    public record Devices(List<DeviceMapping> mappings, List<String> cgroupRules, List<DeviceRequest> requests)
            implements ContainerSpecDevicesBuilder.With {
    }

    /** A host device made visible in the container. */
    public record DeviceMapping(String hostPath, String containerPath, String permissions) {
    }

    /**
     * Mounts, tmpfs file systems ({@code target → options}), the volumes of other containers, and options of the
     * storage driver.
     */
    @Buildable
    public record Storage(List<Mount> mounts, Map<String, String> tmpfs, List<String> volumesFrom,
                          Optional<String> volumeDriver, Map<String, String> storageOpt)
            implements ContainerSpecStorageBuilder.With {
    }

    /**
     * How the container is networked. {@code mode} is a namespace mode ({@code none}, {@code host},
     * {@code container:ID}); without one the container joins {@code endpoints} in order, the first at create.
     */
    @Buildable
    public record Networking(Optional<String> mode, List<Endpoint> endpoints, List<PortBinding> ports,
                             List<String> exposedPorts, List<String> dns, List<String> dnsOptions,
                             List<String> dnsSearch, List<String> extraHosts, Optional<String> macAddress,
                             List<String> links) implements ContainerSpecNetworkingBuilder.With {
    }

    /** The container on one network: the names it answers to there and its fixed addresses. */
    @Buildable
    public record Endpoint(String network, List<String> aliases, Optional<String> ipv4Address,
                           Optional<String> ipv6Address, List<String> linkLocalIps, Optional<String> macAddress,
                           Map<String, String> driverOpts) implements ContainerSpecEndpointBuilder.With {
    }

    /** The restart policy ({@code no}, {@code always}, {@code unless-stopped}, {@code on-failure}). */
    public record RestartPolicy(String name, int maxRetries) {
        public static final RestartPolicy NONE = new RestartPolicy("", 0);

        /** compose's {@code restart:} value, e.g. {@code on-failure:3}. */
        public static RestartPolicy parse(String policy) {
            String[] parts = policy.split(":", 2);
            String name = parts[0];
            return new RestartPolicy(name, parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        }

        public boolean restarts() {
            return !name.isEmpty() && !name.equals("no");
        }
    }

    /** The log driver and its options. */
    public record Logging(String driver, Map<String, String> options) {
    }
}
