package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Healthcheck;
import dev.mlcompose.runner.engine.PortBinding;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Fills docker-java's create command from a {@link ContainerSpec}; zero and empty values stay unset. */
final class CreateRequests {

    private CreateRequests() {
    }

    static CreateContainerCmd fill(CreateContainerCmd cmd, ContainerSpec s) {
        cmd.withName(s.name()).withLabels(s.labels()).withEnv(env(s.environment())).withTty(s.tty())
                .withStdinOpen(s.stdinOpen()).withExposedPorts(exposed(s.ports())).withHostConfig(host(s));
        s.command().ifPresent(cmd::withCmd);
        s.entrypoint().ifPresent(cmd::withEntrypoint);
        s.hostname().ifPresent(cmd::withHostName);
        s.user().ifPresent(cmd::withUser);
        s.workingDir().ifPresent(cmd::withWorkingDir);
        s.healthcheck().map(CreateRequests::healthcheck).ifPresent(cmd::withHealthcheck);
        s.stopSignal().ifPresent(cmd::withStopSignal);
        s.stopTimeout().ifPresent(t -> cmd.withStopTimeout((int) t.toSeconds()));
        // docker-java puts aliases into EndpointsConfig under HostConfig.NetworkMode, the first network.
        if (s.network().isPresent() && s.networkMode().isEmpty() && !s.aliases().isEmpty()) {
            cmd.withAliases(s.aliases());
        }
        return cmd;
    }

    private static HostConfig host(ContainerSpec s) {
        HostConfig h = HostConfig.newHostConfig().withPortBindings(bindings(s.ports()))
                .withBinds(binds(s)).withMounts(mounts(s)).withPrivileged(s.privileged())
                .withReadonlyRootfs(s.readOnly()).withInit(s.init() ? Boolean.TRUE : null)
                .withExtraHosts(s.extraHosts().stream().map(CreateRequests::extraHost).toArray(String[]::new))
                .withDns(s.dns()).withCapAdd(caps(s.capAdd())).withCapDrop(caps(s.capDrop()))
                .withUlimits(ulimits(s.ulimits())).withDeviceRequests(devices(s.devices()));
        if (!s.tmpfs().isEmpty()) {
            h.withTmpFs(s.tmpfs());
        }
        if (!s.sysctls().isEmpty()) {
            h.withSysctls(s.sysctls());
        }
        modes(h, s);
        resources(h, s.resources());
        return h;
    }

    private static void modes(HostConfig h, ContainerSpec s) {
        s.networkMode().or(s::network).ifPresent(h::withNetworkMode);
        s.restartPolicy().map(p -> restart(p, s.restartRetries())).ifPresent(h::withRestartPolicy);
        s.ipc().ifPresent(h::withIpcMode);
        s.pid().ifPresent(h::withPidMode);
        s.logDriver().map(d -> logConfig(d, s.logOptions())).ifPresent(h::withLogConfig);
    }

    private static void resources(HostConfig h, ContainerSpec.Resources r) {
        h.withNanoCPUs(positive(r.nanoCpus())).withMemory(positive(r.memory()))
                .withMemoryReservation(positive(r.memoryReservation())).withShmSize(positive(r.shmSize()));
        // -1 is meaningful for swap and pids (unlimited), so only 0 means "unset" (compose create.go does the same).
        h.withMemorySwap(r.memorySwap() == 0 ? null : r.memorySwap());
        h.withPidsLimit(r.pidsLimit() == 0 ? null : r.pidsLimit());
        h.withCpuShares(r.cpuShares() > 0 ? (int) r.cpuShares() : null);
        if (r.cpuset() != null && !r.cpuset().isBlank()) {
            h.withCpusetCpus(r.cpuset());
        }
    }

    private static List<String> env(Map<String, String> environment) {
        return environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    private static List<ExposedPort> exposed(List<PortBinding> ports) {
        return ports.stream().map(CreateRequests::exposedPort).distinct().toList();
    }

    private static ExposedPort exposedPort(PortBinding p) {
        String protocol = p.protocol() == null || p.protocol().isBlank() ? "tcp" : p.protocol();
        return new ExposedPort(p.containerPort(), InternetProtocol.parse(protocol));
    }

    private static Ports bindings(List<PortBinding> ports) {
        Ports bindings = new Ports();
        for (PortBinding p : ports) {
            bindings.bind(exposedPort(p), new Ports.Binding(blankToNull(p.hostIp()), blankToNull(p.hostPort())));
        }
        return bindings;
    }

    // Binds, not Mounts, for bind mounts: the engine then creates a missing host path, as compose does.
    private static List<Bind> binds(ContainerSpec s) {
        return s.mounts().stream().filter(m -> m.type().equals("bind"))
                .map(m -> new Bind(m.source(), new Volume(m.target()), m.readOnly() ? AccessMode.ro : AccessMode.rw))
                .toList();
    }

    private static List<Mount> mounts(ContainerSpec s) {
        return s.mounts().stream().filter(m -> !m.type().equals("bind"))
                .map(m -> new Mount().withType(MountType.valueOf(m.type().toUpperCase(Locale.ROOT)))
                        .withSource(blankToNull(m.source())).withTarget(m.target()).withReadOnly(m.readOnly()))
                .toList();
    }

    private static HealthCheck healthcheck(Healthcheck h) {
        return new HealthCheck().withTest(h.test()).withInterval(nanos(h.interval()))
                .withTimeout(nanos(h.timeout())).withStartPeriod(nanos(h.startPeriod()))
                .withRetries(h.retries() > 0 ? h.retries() : null);
    }

    static RestartPolicy restart(String policy, int retries) {
        String[] parts = policy.split(":", 2);
        return switch (parts[0]) {
            case "", "no" -> RestartPolicy.noRestart();
            case "always" -> RestartPolicy.alwaysRestart();
            case "unless-stopped" -> RestartPolicy.unlessStoppedRestart();
            case "on-failure" ->
                    RestartPolicy.onFailureRestart(parts.length > 1 ? Integer.parseInt(parts[1]) : retries);
            default -> throw new IllegalArgumentException("unknown restart policy '" + policy + "'");
        };
    }

    // docker-java knows log drivers as an enum and silently drops any other (plugin) driver.
    private static LogConfig logConfig(String driver, Map<String, String> options) {
        LogConfig.LoggingType type = LogConfig.LoggingType.fromValue(driver);
        if (type == null) {
            throw new IllegalArgumentException("log driver '" + driver + "' is not supported");
        }
        return new LogConfig(type, options.isEmpty() ? null : options);
    }

    /** The model writes {@code host=ip}; the engine wants {@code host:ip} (split at the first colon). */
    static String extraHost(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq) + ":" + entry.substring(eq + 1);
    }

    private static Capability[] caps(List<String> names) {
        return names.stream().map(n -> n.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""))
                .map(CreateRequests::capability).toArray(Capability[]::new);
    }

    private static Capability capability(String name) {
        try {
            return Capability.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown capability '" + name + "'", e);
        }
    }

    private static List<Ulimit> ulimits(Map<String, ContainerSpec.Ulimit> ulimits) {
        return ulimits.entrySet().stream()
                .map(e -> new Ulimit(e.getKey(), e.getValue().soft(), e.getValue().hard())).toList();
    }

    private static List<com.github.dockerjava.api.model.DeviceRequest> devices(List<DeviceRequest> devices) {
        return devices.stream().map(d -> new com.github.dockerjava.api.model.DeviceRequest()
                .withDriver(blankToNull(d.driver()))
                .withCount(d.deviceIds().isEmpty() ? d.count() : null)
                .withDeviceIds(d.deviceIds().isEmpty() ? null : d.deviceIds())
                .withCapabilities(d.capabilities().isEmpty() ? null : List.of(d.capabilities()))
                .withOptions(d.options().isEmpty() ? null : d.options())).toList();
    }

    private static Long nanos(Duration d) {
        return d == null || d.isZero() ? null : d.toNanos();
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
