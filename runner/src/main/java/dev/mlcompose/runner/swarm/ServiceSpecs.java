package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Deploy;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Compose service as the Engine API's {@code ServiceSpec}, field by field as {@code docker stack deploy} converts
 * it (checked against the specs it creates), with what mlcompose adds for ML work: a job ({@code x-mlcompose.role:
 * job|train}, or inferred) is a {@code replicated-job} that Swarm never restarts, since mlcompose retries it itself;
 * a GPU reservation ({@code count: N}) is the generic resource {@code gpu} that nodes advertise. What cannot map was
 * refused before ({@link SwarmRefusals}).
 */
final class ServiceSpecs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Project project;
    private final Map<String, String> secretNames;
    private final Map<String, String> configNames;

    /** {@code secretNames}, {@code configNames}: each top-level key's Swarm object name. */
    ServiceSpecs(Project project, Map<String, String> secretNames, Map<String, String> configNames) {
        this.project = project;
        this.secretNames = secretNames;
        this.configNames = configNames;
    }

    ObjectNode of(Service service) {
        boolean job = isJob(service);
        var spec = JSON.objectNode();
        spec.put("Name", StackNames.scoped(project.name(), service.name()));
        var labels = new TreeMap<>(service.deploy().labels());
        labels.put(StackNames.NAMESPACE, project.name());
        service.image().ifPresent(image -> labels.put(StackNames.IMAGE, image));
        spec.set("Labels", strings(labels));

        var task = spec.putObject("TaskTemplate");
        task.set("ContainerSpec", container(service));
        task.set("Resources", resources(service));
        task.set("RestartPolicy", job ? JSON.objectNode().put("Condition", "none") : restartPolicy(service));
        task.set("Placement", placement(service.deploy().placement()));
        task.set("Networks", networks(service));
        var logging = service.options().logging();
        logging.driver().ifPresent(driver -> task.putObject("LogDriver").put("Name", driver)
                .set("Options", strings(logging.options())));

        spec.set("Mode", mode(service, job));
        service.deploy().update().ifPresent(u -> spec.set("UpdateConfig", update(u)));
        service.deploy().rollback().ifPresent(u -> spec.set("RollbackConfig", update(u)));
        var endpoint = spec.putObject("EndpointSpec");
        endpoint.put("Mode", service.deploy().endpointMode().orElse("vip"));
        if (!service.ports().isEmpty()) {
            var ports = endpoint.putArray("Ports"); // by published port, as stack deploy sends them
            service.ports().stream().sorted(java.util.Comparator.comparingInt(p -> p.published().map(Integer::parseInt)
                    .orElse(0))).forEach(p -> {
                var port = ports.addObject().put("Protocol", p.protocol()).put("TargetPort", p.target());
                p.published().ifPresent(published -> port.put("PublishedPort", Integer.parseInt(published)));
                port.put("PublishMode", p.mode().orElse("ingress"));
            });
        }
        return spec;
    }

    /** A job on one engine is a job on the cluster; {@code deploy.mode: *-job} makes one too. */
    boolean isJob(Service service) {
        return service.deploy().mode().map(Deploy.Mode::isJob).orElse(false) || ServiceKinds.isJob(project, service);
    }

    private ObjectNode container(Service service) {
        var options = service.options();
        var c = JSON.objectNode();
        c.put("Image", service.image().orElseThrow());
        var labels = new TreeMap<>(service.labels());
        labels.put(StackNames.NAMESPACE, project.name());
        c.set("Labels", strings(labels));
        service.entrypoint().ifPresent(e -> c.set("Command", texts(e)));
        service.command().ifPresent(a -> c.set("Args", texts(a)));
        options.process().hostname().ifPresent(h -> c.put("Hostname", h));
        if (!service.environment().isEmpty()) {
            var env = c.putArray("Env");
            new TreeMap<>(service.environment()).forEach((k, v) -> env.add(k + "=" + v));
        }
        service.workingDir().ifPresent(d -> c.put("Dir", d));
        service.user().ifPresent(u -> c.put("User", u));
        if (!options.process().groupAdd().isEmpty()) {
            c.set("Groups", texts(options.process().groupAdd()));
        }
        flag(c, "TTY", options.process().tty());
        flag(c, "OpenStdin", options.process().stdinOpen());
        flag(c, "ReadOnly", options.security().readOnly());
        flag(c, "Init", options.process().init());
        options.process().stopSignal().ifPresent(s -> c.put("StopSignal", s));
        service.stopGracePeriod().ifPresent(d -> c.put("StopGracePeriod", d.toNanos()));
        if (!service.volumes().isEmpty()) {
            var mounts = c.putArray("Mounts");
            service.volumes().forEach(m -> mounts.add(mount(m)));
            options.storage().tmpfs().forEach(t -> mounts.addObject().put("Type", "tmpfs").put("Target", t));
        }
        service.healthcheck().ifPresent(h -> c.set("Healthcheck", healthcheck(h)));
        dns(c, options.networking());
        if (!options.networking().extraHosts().isEmpty()) {
            var hosts = c.putArray("Hosts"); // Swarm's order: address first, as in /etc/hosts
            options.networking().extraHosts().forEach(h -> {
                int at = h.indexOf('=') >= 0 ? h.indexOf('=') : h.indexOf(':');
                hosts.add(h.substring(at + 1) + " " + h.substring(0, at));
            });
        }
        files(c, service, "secrets", "Secrets", "SecretName", secretNames);
        files(c, service, "configs", "Configs", "ConfigName", configNames);
        if (!options.sysctls().isEmpty()) {
            c.set("Sysctls", strings(options.sysctls()));
        }
        if (!options.security().capAdd().isEmpty()) {
            c.set("CapabilityAdd", texts(options.security().capAdd()));
        }
        if (!options.security().capDrop().isEmpty()) {
            c.set("CapabilityDrop", texts(options.security().capDrop()));
        }
        if (!options.limits().ulimits().isEmpty()) {
            var ulimits = c.putArray("Ulimits");
            options.limits().ulimits().forEach((name, u) ->
                    ulimits.addObject().put("Name", name).put("Soft", u.soft()).put("Hard", u.hard()));
        }
        return c;
    }

    private ObjectNode mount(Service.Mount m) {
        var mount = JSON.objectNode().put("Type", m.type());
        var volume = m.type().equals("volume") ? m.source().map(project.volumes()::get) : Optional.<dev.mlcompose.schema.model.Volume>empty();
        volume.ifPresentOrElse(v -> mount.put("Source", v.name()), () -> m.source().ifPresent(s -> mount.put("Source", s)));
        mount.put("Target", m.target());
        flag(mount, "ReadOnly", m.readOnly());
        switch (m.type()) {
            case "bind" -> m.options().propagation().ifPresent(p -> mount.putObject("BindOptions").put("Propagation", p));
            case "tmpfs" -> {
                if (m.options().tmpfsSize().isPresent() || m.options().tmpfsMode().isPresent()) {
                    var tmpfs = mount.putObject("TmpfsOptions");
                    m.options().tmpfsSize().ifPresent(size -> tmpfs.put("SizeBytes", size));
                    m.options().tmpfsMode().ifPresent(mode -> tmpfs.put("Mode", mode));
                }
            }
            case "volume" -> volume.filter(v -> !v.external()).ifPresent(v -> {
                var options = mount.putObject("VolumeOptions");
                flag(options, "NoCopy", m.options().noCopy());
                var labels = new TreeMap<>(v.labels());
                labels.put(StackNames.NAMESPACE, project.name());
                options.set("Labels", strings(labels));
                v.driver().ifPresent(d -> options.putObject("DriverConfig").put("Name", d)
                        .set("Options", strings(v.driverOpts())));
            });
            default -> { }
        }
        return mount;
    }

    private static ObjectNode healthcheck(Service.Healthcheck h) {
        var out = JSON.objectNode();
        out.set("Test", h.disabled() ? texts(java.util.List.of("NONE")) : texts(h.test()));
        h.interval().ifPresent(d -> out.put("Interval", d.toNanos()));
        h.timeout().ifPresent(d -> out.put("Timeout", d.toNanos()));
        h.startPeriod().ifPresent(d -> out.put("StartPeriod", d.toNanos()));
        h.startInterval().ifPresent(d -> out.put("StartInterval", d.toNanos()));
        h.retries().ifPresent(r -> out.put("Retries", r));
        return out;
    }

    private static void dns(ObjectNode c, ContainerOptions.Networking n) {
        if (n.dns().isEmpty() && n.dnsSearch().isEmpty() && n.dnsOptions().isEmpty()) {
            return;
        }
        var dns = c.putObject("DNSConfig");
        dns.set("Nameservers", texts(n.dns()));
        dns.set("Search", texts(n.dnsSearch()));
        dns.set("Options", texts(n.dnsOptions()));
    }

    /** Secrets or configs: the file inside (uid, gid 0 and mode 0444 unless given, as stack deploy sets them). */
    private static void files(ObjectNode c, Service service, String kind, String field, String nameField,
                              Map<String, String> names) {
        var refs = service.files().stream().filter(f -> f.kind().equals(kind)).toList();
        if (refs.isEmpty()) {
            return;
        }
        var out = c.putArray(field);
        refs.forEach(f -> {
            var ref = out.addObject();
            ref.putObject("File").put("Name", f.target()).put("UID", f.uid().orElse("0")).put("GID", f.gid().orElse("0"))
                    .put("Mode", f.mode().orElse(0444));
            ref.put(nameField, names.get(f.source()));
        });
    }

    private static ObjectNode resources(Service service) {
        var out = JSON.objectNode();
        var limits = service.options().limits();
        var l = JSON.objectNode();
        limits.cpu().cpus().ifPresent(cpus -> l.put("NanoCPUs", Math.round(cpus * 1e9)));
        limits.memory().limit().ifPresent(m -> l.put("MemoryBytes", m.bytes()));
        limits.pids().ifPresent(p -> l.put("Pids", p));
        var r = JSON.objectNode();
        service.resources().flatMap(Service.Resources::cpuReservation).ifPresent(cpus -> r.put("NanoCPUs", Math.round(cpus * 1e9)));
        limits.memory().reservation().ifPresent(m -> r.put("MemoryBytes", m.bytes()));
        var generic = JSON.arrayNode();
        service.deploy().genericResources().forEach(g -> generic.add(discrete(g.kind(), g.value())));
        GpuReservations.count(service).ifPresent(n -> generic.add(discrete(GpuReservations.KIND, n)));
        if (!generic.isEmpty()) {
            r.set("GenericResources", generic);
        }
        if (!l.isEmpty()) {
            out.set("Limits", l);
        }
        if (!r.isEmpty()) {
            out.set("Reservations", r);
        }
        return out;
    }

    private static ObjectNode discrete(String kind, long value) {
        var out = JSON.objectNode();
        out.putObject("DiscreteResourceSpec").put("Kind", kind).put("Value", value);
        return out;
    }

    /** {@code deploy.restart_policy}, else {@code restart:} as stack deploy reads it, else Swarm's default (any). */
    private static ObjectNode restartPolicy(Service service) {
        var out = JSON.objectNode();
        service.deploy().restartPolicy().ifPresentOrElse(p -> {
            p.condition().ifPresent(c -> out.put("Condition", c));
            p.delay().ifPresent(d -> out.put("Delay", d.toNanos()));
            p.maxAttempts().ifPresent(n -> out.put("MaxAttempts", n));
            p.window().ifPresent(d -> out.put("Window", d.toNanos()));
        }, () -> service.restart().ifPresent(r -> {
            String[] parts = r.split(":", 2);
            out.put("Condition", switch (parts[0]) {
                case "no" -> "none";
                case "on-failure" -> "on-failure";
                default -> "any";
            });
            if (parts.length == 2) {
                out.put("MaxAttempts", Integer.parseInt(parts[1]));
            }
        }));
        return out;
    }

    private static ObjectNode placement(Deploy.Placement p) {
        var out = JSON.objectNode();
        if (!p.constraints().isEmpty()) {
            out.set("Constraints", texts(p.constraints()));
        }
        if (!p.spreads().isEmpty()) {
            var preferences = out.putArray("Preferences");
            p.spreads().forEach(s -> preferences.addObject().putObject("Spread").put("SpreadDescriptor", s));
        }
        p.maxReplicasPerNode().ifPresent(n -> out.put("MaxReplicas", n));
        return out;
    }

    /** The service's networks, each by its engine name, with the service's name among its aliases. */
    private ArrayNode networks(Service service) {
        var out = JSON.arrayNode();
        service.networks().forEach(key -> {
            var aliases = JSON.arrayNode();
            service.attachments().getOrDefault(key, Service.Attachment.DEFAULT).aliases().forEach(aliases::add);
            aliases.add(service.name());
            out.addObject().put("Target", project.networks().get(key).name()).set("Aliases", aliases);
        });
        return out;
    }

    private static ObjectNode mode(Service service, boolean job) {
        var out = JSON.objectNode();
        var mode = service.deploy().mode().orElse(job ? Deploy.Mode.REPLICATED_JOB : Deploy.Mode.REPLICATED);
        if (job && mode == Deploy.Mode.REPLICATED) {
            mode = Deploy.Mode.REPLICATED_JOB;
        }
        switch (mode) {
            case GLOBAL -> out.putObject("Global");
            case GLOBAL_JOB -> out.putObject("GlobalJob");
            case REPLICATED_JOB -> out.putObject("ReplicatedJob").put("MaxConcurrent", service.replicas())
                    .put("TotalCompletions", service.replicas());
            case REPLICATED -> out.putObject("Replicated").put("Replicas", service.replicas());
        }
        return out;
    }

    private static ObjectNode update(Deploy.UpdatePolicy u) {
        var out = JSON.objectNode();
        u.parallelism().ifPresent(n -> out.put("Parallelism", n));
        u.delay().map(Duration::toNanos).ifPresent(d -> out.put("Delay", d));
        u.failureAction().ifPresent(a -> out.put("FailureAction", a));
        u.monitor().map(Duration::toNanos).ifPresent(d -> out.put("Monitor", d));
        u.maxFailureRatio().ifPresent(r -> out.put("MaxFailureRatio", r));
        u.order().ifPresent(o -> out.put("Order", o));
        return out;
    }

    private static void flag(ObjectNode node, String field, boolean value) {
        if (value) {
            node.put(field, true);
        }
    }

    static ObjectNode strings(Map<String, String> map) {
        var out = JSON.objectNode();
        map.forEach(out::put);
        return out;
    }

    static ArrayNode texts(Collection<String> items) {
        var out = JSON.arrayNode();
        items.forEach(out::add);
        return out;
    }
}
