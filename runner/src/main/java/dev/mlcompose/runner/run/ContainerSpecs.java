package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Healthcheck;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.schema.model.ByteSize;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Resource;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns a service of the model into the engine's container spec, named and labelled as compose does. */
public final class ContainerSpecs {

    private ContainerSpecs() {
    }

    /** The container name compose uses: {@code container_name}, else {@code {project}-{service}-{n}}. */
    public static String name(Project project, Service service, int number) {
        return service.containerName().orElse(project.name() + "-" + service.name() + "-" + number);
    }

    /** The image a service runs: its {@code image}, else the one its build makes. */
    public static String image(Project project, Service service) {
        return service.image().orElse(project.name() + "-" + service.name());
    }

    public static ContainerSpec of(Project project, Service service, int number, String configHash) {
        return of(project, service, number, configHash, Map.of());
    }

    /** With {@code extraLabels} on top of compose's (they never replace compose's own). */
    public static ContainerSpec of(Project project, Service service, int number, String configHash,
                                   Map<String, String> extraLabels) {
        ContainerOptions o = service.options();
        List<String> networks = service.networkMode().isPresent() ? List.of() : service.networks();
        String name = name(project, service, number);
        var extra = new LinkedHashMap<String, List<String>>();
        networks.stream().skip(1).forEach(n -> extra.put(networkName(project, n), aliases(service, name, n)));
        List<String> aliases = networks.isEmpty() ? List.of() : aliases(service, name, networks.get(0));
        return new ContainerSpec(name, image(project, service), service.command(), service.entrypoint(),
                service.environment(), withExtra(labels(project, service, number, configHash), extraLabels),
                o.hostname().or(() -> Optional.of(service.name())), service.user(), service.workingDir(),
                ports(service), mounts(project, service), tmpfs(o), networkMode(project, service),
                networks.stream().findFirst().map(n -> networkName(project, n)), aliases, extra,
                service.healthcheck().filter(h -> !h.disabled()).map(ContainerSpecs::healthcheck)
                        .or(() -> service.healthcheck().filter(Service.Healthcheck::disabled)
                                .map(h -> new Healthcheck(List.of("NONE"), Duration.ZERO, Duration.ZERO, 0, Duration.ZERO))),
                service.restart().map(ContainerSpecs::restartName), restartRetries(service.restart()), o.init(),
                o.privileged(), o.readOnly(), o.tty(), o.stdinOpen(), o.stopSignal(), service.stopGracePeriod(),
                resources(o), o.extraHosts(), o.dns(), o.capAdd(), o.capDrop(), o.sysctls(), ulimits(o),
                o.ipc().map(m -> namespace(project, m)), o.pid().map(m -> namespace(project, m)), devices(service),
                o.logDriver(), o.logOptions());
    }

    /** The names a container answers to on a network: the service, the container, and the file's aliases. */
    private static List<String> aliases(Service service, String containerName, String network) {
        var names = new java.util.ArrayList<>(List.of(service.name(), containerName));
        service.networkAliases().getOrDefault(network, List.of()).stream().filter(a -> !names.contains(a))
                .forEach(names::add);
        return names;
    }

    static Map<String, String> labels(Project project, Service service, int number, String configHash) {
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
        labels.put(Labels.IMAGE, image(project, service));
        labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
        return labels;
    }

    private static Map<String, String> withExtra(Map<String, String> labels, Map<String, String> extra) {
        var all = new LinkedHashMap<>(extra);
        all.putAll(labels);
        return all;
    }

    static String networkName(Project project, String key) {
        return Optional.ofNullable(project.networks().get(key)).map(Resource::name).orElse(project.name() + "_" + key);
    }

    private static Optional<String> networkMode(Project project, Service service) {
        return service.networkMode().map(mode -> namespace(project, mode));
    }

    /** A {@code service:NAME} mode (network, ipc, pid) shares the namespace of that service's first container. */
    private static String namespace(Project project, String mode) {
        return mode.startsWith("service:")
                ? "container:" + name(project, project.service(mode.substring(8)).orElseThrow(), 1) : mode;
    }

    private static List<PortBinding> ports(Service service) {
        return service.ports().stream().map(p -> new PortBinding(p.hostIp().orElse(""), p.published().orElse(""),
                p.target(), p.protocol())).toList();
    }

    private static List<Mount> mounts(Project project, Service service) {
        var mounts = new java.util.ArrayList<Mount>();
        service.volumes().stream().filter(m -> !m.type().equals("tmpfs")).map(m -> new Mount(m.type(),
                m.type().equals("volume") ? m.source().map(s -> volumeName(project, s)).orElse("") : m.source().orElse(""),
                m.target(), m.readOnly())).forEach(mounts::add);
        service.files().forEach(f -> mounts.add(fileMount(project, service, f)));
        return mounts;
    }

    /**
     * A file secret or config, bind-mounted read-only as docker compose does outside Swarm: secrets under
     * /run/secrets, configs at /NAME unless their target says otherwise.
     */
    private static Mount fileMount(Project project, Service service, Service.FileRef ref) {
        boolean secret = ref.kind().equals("secrets");
        Resource resource = (secret ? project.secrets() : project.configs()).get(ref.source());
        String kind = secret ? "secret" : "config";
        if (resource == null || resource.file().isEmpty()) {
            throw new ServiceFailure(service.name(), "service " + service.name() + ": " + kind + " " + ref.source()
                    + " has no file; mlcompose mounts only file-based " + kind + "s (environment and content ones are "
                    + "not supported yet)");
        }
        String target = ref.target().isEmpty() ? ref.source() : ref.target();
        if (!target.startsWith("/")) {
            target = (secret ? "/run/secrets/" : "/") + target;
        }
        return new Mount("bind", resource.file().get(), target, true);
    }

    private static String volumeName(Project project, String key) {
        return Optional.ofNullable(project.volumes().get(key)).map(Resource::name).orElse(key);
    }

    private static Map<String, String> tmpfs(ContainerOptions o) {
        var out = new LinkedHashMap<String, String>();
        o.tmpfs().forEach(t -> {
            int colon = t.indexOf(':');
            out.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
        });
        return out;
    }

    private static Healthcheck healthcheck(Service.Healthcheck h) {
        return new Healthcheck(h.test(), h.interval().orElse(Duration.ZERO), h.timeout().orElse(Duration.ZERO),
                h.retries().orElse(0), h.startPeriod().orElse(Duration.ZERO));
    }

    private static String restartName(String restart) {
        return restart.startsWith("on-failure") ? "on-failure" : restart;
    }

    private static int restartRetries(Optional<String> restart) {
        return restart.filter(r -> r.startsWith("on-failure:")).map(r -> Integer.parseInt(r.substring(11))).orElse(0);
    }

    private static ContainerSpec.Resources resources(ContainerOptions o) {
        // Rounded, not truncated: (long) (1.001 * 1e9) is 1000999999, a CFS quota of 100099 µs, not 100100.
        return new ContainerSpec.Resources(o.cpus().map(c -> Math.round(c * 1e9)).orElse(0L), bytes(o.memLimit()),
                bytes(o.memswapLimit()), bytes(o.memReservation()), o.pidsLimit().orElse(0L), bytes(o.shmSize()),
                o.cpuShares().orElse(0L), o.cpuset().orElse(""));
    }

    private static long bytes(Optional<ByteSize> size) {
        return size.map(ByteSize::bytes).orElse(0L);
    }

    /** Device reservations as the engine's requests; neither count nor device_ids means all (compose). */
    static List<DeviceRequest> devices(Service service) {
        return service.resources().map(Service.Resources::devices).orElse(List.of()).stream()
                .map(d -> new DeviceRequest(d.driver().orElse(""),
                        d.deviceIds().isEmpty() ? d.count().orElse(-1L).intValue() : 0, d.deviceIds(),
                        d.capabilities(), d.options())).toList();
    }

    private static Map<String, ContainerSpec.Ulimit> ulimits(ContainerOptions o) {
        var out = new LinkedHashMap<String, ContainerSpec.Ulimit>();
        o.ulimits().forEach((k, u) -> out.put(k, new ContainerSpec.Ulimit(u.soft(), u.hard())));
        return out;
    }
}
