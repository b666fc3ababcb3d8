package dev.mlcompose.runner.spec;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpec.RestartPolicy;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecCpuBuilder;
import dev.mlcompose.runner.engine.ContainerSpecMemoryBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNamespacesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecProcessBuilder;
import dev.mlcompose.runner.engine.ContainerSpecResourcesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecSecurityBuilder;
import dev.mlcompose.runner.engine.Healthcheck;
import dev.mlcompose.schema.model.ByteSize;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import dev.mlcompose.schema.config.ConfigHash;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a service of the model into the engine's container spec, named and labelled as compose does, each key
 * passed as compose's {@code create.go} passes it. Pure: no engine calls (a seccomp profile file is read).
 */
public final class ContainerSpecs {

    private ContainerSpecs() {
    }

    public static ContainerSpec of(Project project, Service service, int number, String configHash) {
        return of(project, service, number, configHash, Map.of());
    }

    /** With {@code extraLabels} on top of compose's (they never replace compose's own). */
    public static ContainerSpec of(Project project, Service service, int number, String configHash,
                                   Map<String, String> extraLabels) {
        ContainerOptions o = service.options();
        String name = Names.container(project, service, number);
        return ContainerSpecBuilder.builder().name(name).image(Names.image(project, service)).platform(o.platform())
                .labels(withExtra(labels(project, service, number, configHash), extraLabels))
                .annotations(o.annotations()).process(process(service)).security(security(project, service))
                .namespaces(namespaces(project, o.namespaces())).resources(resources(o.limits()))
                .devices(ServiceDevices.of(service)).storage(ServiceMounts.of(project, service))
                .networking(ServiceNetworking.of(project, service, name, number))
                .healthcheck(healthcheck(service)).restart(service.restart().map(RestartPolicy::parse)
                        .orElse(RestartPolicy.NONE))
                .logging(o.logging().driver().map(d -> new ContainerSpec.Logging(d, o.logging().options())))
                .build();
    }

    /**
     * A container of a sweep's {@code cell}: the service's, with the cell's values in its environment (over the
     * file's), its own config hash and its cell label.
     */
    public static ContainerSpec of(Project project, Service service, int number, Sweep.Cell cell, String serviceHash,
                                   Map<String, String> extraLabels) {
        var labels = new LinkedHashMap<>(extraLabels);
        labels.put(Labels.CELL, cell.toString());
        ContainerSpec spec = of(project, service, number, ConfigHash.cell(serviceHash, cell.toString()), labels);
        var environment = new LinkedHashMap<>(spec.process().environment());
        environment.putAll(cell.values());
        return spec.withProcess(spec.process().withEnvironment(environment));
    }

    public static Map<String, String> labels(Project project, Service service, int number, String configHash) {
        var labels = new LinkedHashMap<>(service.labels());
        labels.put(Labels.PROJECT, project.name());
        labels.put(Labels.SERVICE, service.name());
        labels.put(Labels.NUMBER, String.valueOf(number));
        labels.put(Labels.ONEOFF, "False");
        labels.put(Labels.CONFIG_HASH, configHash);
        labels.put(Labels.WORKING_DIR, project.workingDir().toString());
        labels.put(Labels.CONFIG_FILES, String.join(",", project.configFiles()));
        labels.put(Labels.DEPENDS_ON, service.dependsOn().entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().condition() + ":" + e.getValue().restart())
                .collect(Collectors.joining(",")));
        labels.put(Labels.IMAGE, Names.image(project, service));
        labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
        return labels;
    }

    private static Map<String, String> withExtra(Map<String, String> labels, Map<String, String> extra) {
        var all = new LinkedHashMap<>(extra);
        all.putAll(labels);
        return all;
    }

    /**
     * The hostname defaults to the service's name (compose leaves the short container ID; README says why), except
     * where the container shares another's network or the host's UTS namespace, and the engine refuses a hostname.
     */
    private static ContainerSpec.Process process(Service service) {
        ContainerOptions.Process p = service.options().process();
        boolean ownUts = service.networkMode().filter(m -> m.startsWith("service:") || m.startsWith("container:")
                || m.equals("host")).isEmpty() && service.options().namespaces().uts().filter("host"::equals).isEmpty();
        return ContainerSpecProcessBuilder.builder().command(service.command()).entrypoint(service.entrypoint())
                .environment(environment(service)).user(service.user()).groupAdd(p.groupAdd())
                .workingDir(service.workingDir())
                .hostname(p.hostname().or(() -> Optional.of(service.name()).filter(n -> ownUts)))
                .domainname(p.domainname()).tty(p.tty()).stdinOpen(p.stdinOpen()).init(p.init())
                .stopSignal(p.stopSignal()).stopTimeout(service.stopGracePeriod()).build();
    }

    /**
     * With {@code use_api_socket}, DOCKER_CONFIG points at the registry credentials copied in, unless the service sets
     * it itself (compose's {@code apiSocket.go}).
     */
    private static Map<String, String> environment(Service service) {
        if (!service.integrations().useApiSocket() || service.environment().containsKey("DOCKER_CONFIG")) {
            return service.environment();
        }
        var environment = new LinkedHashMap<>(service.environment());
        environment.put("DOCKER_CONFIG", ServiceMounts.DOCKER_CONFIG_DIR);
        return environment;
    }

    private static ContainerSpec.Security security(Project project, Service service) {
        ContainerOptions.Security s = service.options().security();
        var options = SecurityOptions.parse(project, service.name(), s.securityOpt());
        return ContainerSpecSecurityBuilder.builder().privileged(s.privileged()).readOnly(s.readOnly())
                .capAdd(s.capAdd()).capDrop(s.capDrop()).securityOpt(options.passed())
                .unconfinedPaths(options.unconfinedPaths()).runtime(s.runtime()).isolation(s.isolation())
                .sysctls(service.options().sysctls()).build();
    }

    private static ContainerSpec.Namespaces namespaces(Project project, ContainerOptions.Namespaces n) {
        return ContainerSpecNamespacesBuilder.builder().ipc(n.ipc().map(m -> namespace(project, m)))
                .pid(n.pid().map(m -> namespace(project, m))).uts(n.uts()).cgroup(n.cgroup()).userns(n.userns())
                .build();
    }

    /** A {@code service:NAME} mode (network, ipc, pid) shares the namespace of that service's first container. */
    static String namespace(Project project, String mode) {
        return mode.startsWith("service:")
                ? "container:" + Names.container(project, project.service(mode.substring(8)).orElseThrow(), 1) : mode;
    }

    private static ContainerSpec.Resources resources(ContainerOptions.Limits l) {
        ContainerOptions.Cpu c = l.cpu();
        ContainerOptions.Memory m = l.memory();
        // Rounded, not truncated: (long) (1.001 * 1e9) is 1000999999, a CFS quota of 100099 µs, not 100100.
        var cpu = ContainerSpecCpuBuilder.builder().nanoCpus(c.cpus().map(v -> Math.round(v * 1e9)).orElse(0L))
                .shares(c.shares().orElse(0L)).cpuset(c.cpuset().filter(v -> !v.isBlank()))
                .count(c.count().orElse(0L)).percent(c.percent().map(Math::round).orElse(0L))
                .period(c.period().orElse(0L)).quota(c.quota().orElse(0L)).realtimePeriod(c.rtPeriod().orElse(0L))
                .realtimeRuntime(c.rtRuntime().orElse(0L)).build();
        var memory = ContainerSpecMemoryBuilder.builder().limit(bytes(m.limit())).swap(bytes(m.swapLimit()))
                .reservation(bytes(m.reservation())).swappiness(m.swappiness().filter(v -> v != 0))
                .oomKillDisable(m.oomKillDisable()).oomScoreAdj(m.oomScoreAdj().orElse(0L).intValue())
                .shmSize(bytes(m.shmSize())).build();
        var ulimits = new LinkedHashMap<String, ContainerSpec.Ulimit>();
        l.ulimits().forEach((k, u) -> ulimits.put(k, new ContainerSpec.Ulimit(u.soft(), u.hard())));
        return ContainerSpecResourcesBuilder.builder().cpu(cpu).memory(memory).pidsLimit(l.pids().orElse(0L))
                .ulimits(ulimits).blkio(l.blkio().map(ServiceDevices::blkio)).cgroupParent(l.cgroupParent()).build();
    }

    private static long bytes(Optional<ByteSize> size) {
        return size.map(ByteSize::bytes).orElse(0L);
    }

    /**
     * The healthcheck as compose's {@code ToMobyHealthCheck} makes it: {@code disable} becomes test NONE, an empty
     * test keeps the image's own with the given timings.
     */
    private static Optional<Healthcheck> healthcheck(Service service) {
        return service.healthcheck().map(h -> h.disabled() ? Healthcheck.NONE : new Healthcheck(h.test(),
                h.interval().orElse(Duration.ZERO), h.timeout().orElse(Duration.ZERO), h.retries().orElse(0),
                h.startPeriod().orElse(Duration.ZERO), h.startInterval().orElse(Duration.ZERO)));
    }
}
