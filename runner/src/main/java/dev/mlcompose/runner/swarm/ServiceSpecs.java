package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Deploy;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
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
    private final ContainerSpecs containers;

    /** {@code secretNames}, {@code configNames}: each top-level key's Swarm object name. */
    ServiceSpecs(Project project, Map<String, String> secretNames, Map<String, String> configNames) {
        this.project = project;
        this.containers = new ContainerSpecs(project, secretNames, configNames);
    }

    ObjectNode of(Service service) {
        boolean job = isJob(service);
        var spec = JSON.objectNode();
        spec.put("Name", StackNames.scoped(project.name(), service.name()));
        var labels = new TreeMap<>(service.deploy().labels());
        labels.put(StackNames.NAMESPACE, project.name());
        service.image().ifPresent(image -> labels.put(StackNames.IMAGE, image));
        spec.set("Labels", Trees.strings(labels));

        var task = spec.putObject("TaskTemplate");
        task.set("ContainerSpec", containers.of(service));
        task.set("Resources", resources(service));
        task.set("RestartPolicy", job ? JSON.objectNode().put("Condition", "none") : restartPolicy(service));
        task.set("Placement", placement(service.deploy().placement()));
        task.set("Networks", networks(service));
        var logging = service.options().logging();
        logging.driver().ifPresent(driver -> task.putObject("LogDriver").put("Name", driver)
                .set("Options", Trees.strings(logging.options())));

        spec.set("Mode", mode(service, job));
        service.deploy().update().ifPresent(u -> spec.set("UpdateConfig", update(u)));
        service.deploy().rollback().ifPresent(u -> spec.set("RollbackConfig", update(u)));
        var endpoint = spec.putObject("EndpointSpec");
        endpoint.put("Mode", service.deploy().endpointMode().orElse("vip"));
        if (!service.ports().isEmpty()) {
            var ports = endpoint.putArray("Ports"); // by published port, as stack deploy sends them
            service.ports().stream().sorted(Comparator.comparingInt(p -> p.published().map(Integer::parseInt)
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
            out.set("Constraints", Trees.texts(p.constraints()));
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
}
