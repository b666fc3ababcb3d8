package dev.mlcompose.runner.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything needed to create one container. {@code network} is the first network joined at create time
 * (with {@code aliases}); {@code extraNetworks} are connected after create, each with its aliases.
 * Optional and zero values mean "the engine's default".
 */
public record ContainerSpec(String name, String image, Optional<List<String>> command,
                            Optional<List<String>> entrypoint, Map<String, String> environment,
                            Map<String, String> labels, Optional<String> hostname, Optional<String> user,
                            Optional<String> workingDir, List<PortBinding> ports, List<Mount> mounts,
                            Map<String, String> tmpfs, Optional<String> networkMode, Optional<String> network,
                            List<String> aliases, Map<String, List<String>> extraNetworks,
                            Optional<Healthcheck> healthcheck, Optional<String> restartPolicy, int restartRetries,
                            boolean init, boolean privileged, boolean readOnly, boolean tty, boolean stdinOpen,
                            Optional<String> stopSignal, Optional<Duration> stopTimeout, Resources resources,
                            List<String> extraHosts, List<String> dns, List<String> capAdd, List<String> capDrop,
                            Map<String, String> sysctls, Map<String, Ulimit> ulimits, Optional<String> ipc,
                            Optional<String> pid, List<DeviceRequest> devices, Optional<String> logDriver,
                            Map<String, String> logOptions) {

    public ContainerSpec {
        command = command.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        tmpfs = Map.copyOf(tmpfs);
        aliases = List.copyOf(aliases);
        extraNetworks = Map.copyOf(extraNetworks);
        extraHosts = List.copyOf(extraHosts);
        dns = List.copyOf(dns);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        sysctls = Map.copyOf(sysctls);
        ulimits = Map.copyOf(ulimits);
        devices = List.copyOf(devices);
        logOptions = Map.copyOf(logOptions);
    }

    /** cgroup limits; 0 means unlimited. */
    public record Resources(long nanoCpus, long memory, long memorySwap, long memoryReservation, long pidsLimit,
                            long shmSize, long cpuShares, String cpuset) {
        public static final Resources NONE = new Resources(0, 0, 0, 0, 0, 0, 0, "");
    }

    /** A soft/hard ulimit. */
    public record Ulimit(long soft, long hard) {
    }

    /**
     * The same container as a one-off ({@code run}): another name and labels, the command and entrypoint
     * where given, extra environment, and no published ports, as {@code docker compose run} does without
     * {@code --service-ports}.
     */
    public ContainerSpec asOneOff(String newName, Optional<List<String>> newCommand,
                                  Optional<List<String>> newEntrypoint, Map<String, String> extraEnvironment,
                                  Map<String, String> newLabels) {
        var env = new java.util.LinkedHashMap<>(environment);
        env.putAll(extraEnvironment);
        return new ContainerSpec(newName, image, newCommand.or(() -> command), newEntrypoint.or(() -> entrypoint), env,
                newLabels, hostname, user, workingDir, List.of(), mounts, tmpfs, networkMode, network, aliases,
                extraNetworks, healthcheck, Optional.empty(), 0, init, privileged, readOnly, tty, stdinOpen, stopSignal,
                stopTimeout, resources, extraHosts, dns, capAdd, capDrop, sysctls, ulimits, ipc, pid, devices, logDriver,
                logOptions);
    }

    /** The same container with or without a TTY, and with stdin kept open or not (for an attached one-off). */
    public ContainerSpec withTty(boolean newTty, boolean newStdinOpen) {
        return new ContainerSpec(name, image, command, entrypoint, environment, labels, hostname, user, workingDir,
                ports, mounts, tmpfs, networkMode, network, aliases, extraNetworks, healthcheck, restartPolicy,
                restartRetries, init, privileged, readOnly, newTty, newStdinOpen, stopSignal, stopTimeout, resources,
                extraHosts, dns, capAdd, capDrop, sysctls, ulimits, ipc, pid, devices, logDriver, logOptions);
    }

    /** The same container with other device requests and extra labels (the GPUs an allocator chose). */
    public ContainerSpec withDevices(List<DeviceRequest> newDevices, Map<String, String> extraLabels) {
        var allLabels = new java.util.LinkedHashMap<>(labels);
        allLabels.putAll(extraLabels);
        return new ContainerSpec(name, image, command, entrypoint, environment, allLabels, hostname, user, workingDir,
                ports, mounts, tmpfs, networkMode, network, aliases, extraNetworks, healthcheck, restartPolicy,
                restartRetries, init, privileged, readOnly, tty, stdinOpen, stopSignal, stopTimeout, resources,
                extraHosts, dns, capAdd, capDrop, sysctls, ulimits, ipc, pid, newDevices, logDriver, logOptions);
    }

    /** The same container with extra labels, which replace labels of the same key. */
    public ContainerSpec withLabels(Map<String, String> extraLabels) {
        return withDevices(devices, extraLabels);
    }

    /** A bare container that is only created to see what the engine says (never meant to run). */
    public static ContainerSpec probe(String name, String image, List<String> entrypoint, Map<String, String> labels,
                                      List<DeviceRequest> devices) {
        return new ContainerSpec(name, image, Optional.empty(), Optional.of(entrypoint), Map.of(), labels,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), Map.of(),
                Optional.of("none"), Optional.empty(), List.of(), Map.of(), Optional.empty(), Optional.empty(), 0, false,
                false, false, false, false, Optional.empty(), Optional.empty(), Resources.NONE, List.of(), List.of(),
                List.of(), List.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), devices, Optional.empty(),
                Map.of());
    }
}
