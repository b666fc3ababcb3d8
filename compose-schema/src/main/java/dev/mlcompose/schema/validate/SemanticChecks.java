package dev.mlcompose.schema.validate;

import static dev.mlcompose.schema.normalize.Nodes.textOf;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.normalize.ProjectCanonical;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules the schema cannot express (compose-go loader/validate.go and graph/cycle.go), checked on the
 * merged, canonical project with the active profiles applied. Every finding is reported, not just the first.
 */
public final class SemanticChecks {

    private final Problems problems;

    public SemanticChecks(Problems problems) {
        this.problems = problems;
    }

    public void check(MapNode project) {
        topLevelResources(project);
        MapNode services = ProjectCanonical.services(project);
        if (services.entries().isEmpty()) {
            if (!problems.isEmpty()) {
                return; // the file's own problems say more than "no service"
            }
            problems.add(project, KeyPath.root(), "no service is defined (or none is enabled by the active profiles)");
            return;
        }
        var containerNames = new HashMap<String, String>();
        var hostPorts = new HashMap<String, String>();
        services.entries().forEach((name, node) -> {
            KeyPath path = KeyPath.of("services").key(name);
            try {
                MapNode service = (MapNode) node;
                references(project, services, name, service, path);
                resources(project, service, path);
                rules(service, path);
                mlcompose(service, path);
                containerName(containerNames, service, path, name);
                ports(hostPorts, service, path, name);
            } catch (ClassCastException e) {
                // An earlier phase already reported why this service is malformed; its other checks cannot run.
                if (problems.isEmpty()) {
                    throw e;
                }
            }
        });
        new DependencyCycles(problems).check(services);
    }

    /** External resources are only referred to: attributes that would create one conflict (compose-go). */
    private void topLevelResources(MapNode project) {
        var creating = Map.of("networks", List.of("driver", "driver_opts", "ipam", "internal", "attachable", "labels"),
                "volumes", List.of("driver", "driver_opts", "labels"), "secrets", List.of("file", "environment"),
                "configs", List.of("file", "environment", "content"));
        creating.forEach((kind, keys) -> project.get(kind).filter(MapNode.class::isInstance).ifPresent(resources ->
                ((MapNode) resources).entries().forEach((name, node) -> {
                    if (!(node instanceof MapNode resource) || !resource.has("external")) {
                        return;
                    }
                    Node external = resource.get("external").get();
                    KeyPath path = KeyPath.of(kind).key(name);
                    if (external instanceof MapNode legacy && legacy.has("name") && resource.has("name")) {
                        problems.add(external, path.key("external"), "name and external.name conflict; only use name");
                    }
                    boolean isExternal = external instanceof MapNode
                            || (external instanceof ScalarNode s && Boolean.TRUE.equals(s.value()));
                    for (String key : isExternal ? keys : List.<String>of()) {
                        if (resource.has(key)) {
                            problems.add(resource.get(key).get(), path.key(key),
                                    "conflicting parameters \"external\" and \"" + key + "\" specified");
                        }
                    }
                })));
    }

    private void references(MapNode project, MapNode services, String name, MapNode service, KeyPath path) {
        service.get("depends_on").filter(MapNode.class::isInstance).ifPresent(deps ->
                ((MapNode) deps).entries().forEach((dep, spec) -> {
                    boolean required = !(spec instanceof MapNode m && m.get("required")
                            .map(r -> Boolean.FALSE.equals(((ScalarNode) r).value())).orElse(false));
                    if (!services.has(dep) && required) {
                        problems.add(spec, path.key("depends_on").key(dep),
                                "service \"" + name + "\" depends on undefined service \"" + dep + "\"");
                    }
                }));
        for (String key : List.of("links", "volumes_from")) {
            List<Node> items = list(service, key);
            for (int i = 0; i < items.size(); i++) {
                String target = textOf(items.get(i)).split(":")[0];
                if (key.equals("volumes_from") && target.startsWith("container")) {
                    continue;
                }
                if (!services.has(target)) {
                    problems.add(items.get(i), path.key(key).index(i), "refers to undefined service \"" + target + "\"");
                }
            }
        }
        for (String key : List.of("network_mode", "ipc", "pid")) {
            service.get(key).map(Nodes::textOf).filter(v -> v.startsWith("service:")).ifPresent(v -> {
                if (!services.has(v.substring("service:".length()))) {
                    problems.add(service.get(key).get(), path.key(key), "refers to undefined service \""
                            + v.substring("service:".length()) + "\"");
                }
            });
        }
    }

    private void resources(MapNode project, MapNode service, KeyPath path) {
        service.get("networks").filter(MapNode.class::isInstance).ifPresent(n ->
                ((MapNode) n).entries().forEach((network, spec) -> {
                    if (!network.equals("default") && !declared(project, "networks", network)) {
                        problems.add(((MapNode) n).keyLocation(network).isKnown() ? spec : n, path.key("networks").key(network),
                                "service refers to undefined network " + network);
                    }
                }));
        List<Node> volumes = list(service, "volumes");
        for (int i = 0; i < volumes.size(); i++) {
            MapNode mount = (MapNode) volumes.get(i);
            String source = mount.get("source").map(Nodes::textOf).orElse(null);
            if ("volume".equals(mount.get("type").map(Nodes::textOf).orElse("")) && source != null
                    && !declared(project, "volumes", source)) {
                problems.add(mount, path.key("volumes").index(i), "service refers to undefined volume " + source);
            }
        }
        for (String kind : List.of("secrets", "configs")) {
            List<Node> refs = list(service, kind);
            for (int i = 0; i < refs.size(); i++) {
                String source = ((MapNode) refs.get(i)).get("source").map(Nodes::textOf).orElse("");
                if (!declared(project, kind, source)) {
                    problems.add(refs.get(i), path.key(kind).index(i),
                            "service refers to undefined " + kind.substring(0, kind.length() - 1) + " " + source);
                }
            }
        }
    }

    private void rules(MapNode service, KeyPath path) {
        // a provider service is run by its provider plugin, not from an image (compose-go loader/validate.go)
        if (!service.has("image") && !service.has("build") && !service.has("extends") && !service.has("provider")) {
            problems.add(service, path, "service has neither an image nor a build context specified");
        }
        if (service.has("network_mode") && service.get("networks").filter(MapNode.class::isInstance).isPresent()) {
            problems.add(service.get("networks").get(), path.key("networks"),
                    "network_mode and networks cannot be combined");
        }
        service.get("healthcheck").filter(MapNode.class::isInstance).flatMap(h -> ((MapNode) h).get("test"))
                .filter(SeqNode.class::isInstance).ifPresent(test -> {
                    List<Node> items = ((SeqNode) test).items();
                    String first = items.isEmpty() ? "" : textOf(items.get(0));
                    if (!List.of("CMD", "CMD-SHELL", "NONE").contains(first)) {
                        problems.add(test, path.key("healthcheck").key("test"),
                                "healthcheck.test must start with CMD, CMD-SHELL or NONE, got \"" + first + "\"");
                    }
                });
        Optional<Long> replicas = number(service, "deploy", "replicas");
        Optional<Long> scale = number(service, "scale");
        if (replicas.isPresent() && scale.isPresent() && !replicas.equals(scale)) {
            problems.add(service.get("scale").get(), path.key("scale"),
                    "can't set distinct values on 'scale' and 'deploy.replicas'");
        }
        long instances = scale.or(() -> replicas).orElse(1L);
        if (instances < 0) {
            problems.add(service, path.key("scale"), "scale must be zero or more, got " + instances);
        }
        if (instances > 1 && service.has("container_name")) {
            problems.add(service.get("container_name").get(), path.key("container_name"),
                    "container_name must be unique: the service has " + instances + " replicas");
        }
        devices(service, path);
        mounts(service, path);
        sameAsDeploy(service, path, "cpus", "limits", "cpus");
        sameAsDeploy(service, path, "mem_limit", "limits", "memory");
        sameAsDeploy(service, path, "pids_limit", "limits", "pids");
        sameAsDeploy(service, path, "mem_reservation", "reservations", "memory");
    }

    /** compose-go validate.go: a service-level limit and its deploy twin must agree when both blocks exist. */
    private void sameAsDeploy(MapNode service, KeyPath path, String key, String block, String field) {
        var own = service.get(key);
        var deployed = service.get("deploy").filter(MapNode.class::isInstance)
                .flatMap(d -> ((MapNode) d).get("resources")).filter(MapNode.class::isInstance)
                .flatMap(r -> ((MapNode) r).get(block)).filter(MapNode.class::isInstance).map(MapNode.class::cast);
        if (own.isEmpty() || deployed.isEmpty()) {
            return;
        }
        String theirs = deployed.get().get(field).map(SemanticChecks::numeric).orElse("");
        if (!numeric(own.get()).equals(theirs)) {
            problems.add(own.get(), path.key(key), "can't set distinct values on '" + key + "' and 'deploy.resources."
                    + block + "." + field + "'");
        }
    }

    private static String numeric(Node node) {
        String text = textOf(node);
        try {
            return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException | NullPointerException e) {
            return text == null ? "" : text;
        }
    }

    private void mounts(MapNode service, KeyPath path) {
        List<Node> volumes = list(service, "volumes");
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i) instanceof MapNode mount && "bind".equals(mount.get("type").map(Nodes::textOf).orElse(""))
                    && mount.get("source").map(Nodes::textOf).orElse("").isEmpty()) {
                problems.add(mount, path.key("volumes").index(i), "a bind mount needs a source (the host path)");
            }
        }
    }

    /** {@code x-mlcompose} against its own schema, and the settings that contradict the service. */
    private void mlcompose(MapNode service, KeyPath path) {
        var settings = service.get("x-mlcompose");
        if (settings.isEmpty()) {
            return;
        }
        KeyPath at = path.key("x-mlcompose");
        int before = problems.size();
        new SchemaValidator(SchemaValidator.MLCOMPOSE_RESOURCE).validate(settings.get(), at).forEach(problems::add);
        if (problems.size() > before || !(settings.get() instanceof MapNode ml)) {
            return;
        }
        String restart = service.get("restart").map(Nodes::textOf).orElse("no");
        if (ml.has("retry") && !restart.equals("no")) {
            problems.add(ml.get("retry").get(), at.key("retry"), "a retry policy needs restart: \"no\" (the engine "
                    + "would restart the job itself with restart: \"" + restart + "\")");
        }
        sweep(service, ml, at);
        ml.get("inputs-from").filter(MapNode.class::isInstance).ifPresent(from -> ((MapNode) from).entries().keySet()
                .forEach(job -> {
                    if (!dependsOn(service, job)) {
                        problems.add(((MapNode) from).get(job).get(), at.key("inputs-from").key(job), "the outputs of "
                                + job + " exist once it has completed: add depends_on: {" + job
                                + ": {condition: service_completed_successfully}}");
                    }
                }));
    }

    /** Whether the service waits for {@code job} to complete successfully. */
    private static boolean dependsOn(MapNode service, String job) {
        return service.get("depends_on").filter(MapNode.class::isInstance).flatMap(d -> ((MapNode) d).get(job))
                .filter(MapNode.class::isInstance).flatMap(d -> ((MapNode) d).get("condition")).map(Nodes::textOf)
                .filter("service_completed_successfully"::equals).isPresent();
    }

    /** A matrix makes the service a job of one container per cell: nothing may contradict that, or grow it unbounded. */
    private void sweep(MapNode service, MapNode ml, KeyPath at) {
        Optional<Node> matrix = ml.get("matrix");
        if (matrix.isEmpty()) {
            for (String key : List.of("max-parallel", "sweep-success")) {
                ml.get(key).ifPresent(n -> problems.add(n, at.key(key), key + " applies to a sweep: add a matrix"));
            }
            return;
        }
        long cells = 1;
        for (var entry : ((MapNode) matrix.get()).entries().entrySet()) {
            List<Node> values = ((SeqNode) entry.getValue()).items();
            var seen = new java.util.HashSet<String>();
            for (int i = 0; i < values.size(); i++) {
                String value = ((ScalarNode) values.get(i)).text();
                if (!seen.add(value)) {
                    problems.add(values.get(i), at.key("matrix").key(entry.getKey()).index(i),
                            "the value " + value + " is listed twice: two cells would be the same run");
                }
            }
            cells = Math.min(cells * values.size(), Long.MAX_VALUE / 1024);
        }
        if (cells > dev.mlcompose.schema.model.Sweep.MAX_CELLS) {
            problems.add(matrix.get(), at.key("matrix"), "the matrix has " + cells + " cells (one container each); at most "
                    + dev.mlcompose.schema.model.Sweep.MAX_CELLS + " are allowed: sweep in stages, or shorten the lists");
        }
        if ("service".equals(ml.get("role").map(Nodes::textOf).orElse(""))) {
            problems.add(ml.get("role").get(), at.key("role"), "a sweep's cells run to completion: a matrix needs role "
                    + "job or train, not service");
        }
        if (number(service, "scale").or(() -> number(service, "deploy", "replicas")).orElse(1L) != 1) {
            problems.add(matrix.get(), at.key("matrix"), "a sweep runs one container per cell: remove scale and "
                    + "deploy.replicas from this service");
        }
        service.get("container_name").ifPresent(n -> problems.add(n, at.parent().key("container_name"),
                "container_name must be unique: a sweep has a container per cell"));
    }

    private void devices(MapNode service, KeyPath path) {
        var devices = service.get("deploy").filter(MapNode.class::isInstance)
                .flatMap(d -> ((MapNode) d).get("resources")).filter(MapNode.class::isInstance)
                .flatMap(r -> ((MapNode) r).get("reservations")).filter(MapNode.class::isInstance)
                .flatMap(r -> ((MapNode) r).get("devices")).filter(SeqNode.class::isInstance)
                .map(d -> ((SeqNode) d).items()).orElse(List.of());
        devices(devices, path.key("deploy").key("resources").key("reservations").key("devices"));
        service.get("gpus").filter(SeqNode.class::isInstance)
                .ifPresent(gpus -> devices(((SeqNode) gpus).items(), path.key("gpus")));
    }

    private void devices(List<Node> devices, KeyPath base) {
        for (int i = 0; i < devices.size(); i++) {
            MapNode device = (MapNode) devices.get(i);
            if (device.has("count") && device.has("device_ids")) {
                problems.add(device, base.index(i), "count and device_ids cannot be set together");
            }
            if (device.get("count").orElse(null) instanceof ScalarNode c && c.value() instanceof Long n && n < -1) {
                problems.add(c, base.index(i).key("count"), "count must be a positive number or \"all\", got " + n);
            }
        }
    }

    /**
     * A warning, not an error: compose's config accepts two services with one container_name (compose-go
     * dropped that load-time check in 60aa640, v2.1.0), as files offer alternatives (a CUDA and a ROCm
     * server) of which a user starts one; only creating both containers fails.
     */
    private void containerName(Map<String, String> seen, MapNode service, KeyPath path, String name) {
        service.get("container_name").map(Nodes::textOf).ifPresent(value -> {
            String other = seen.putIfAbsent(value, name);
            if (other != null) {
                problems.warn(service.get("container_name").get().location() + ": " + path.key("container_name")
                        + ": container_name \"" + value + "\" is also used by service \"" + other
                        + "\"; both cannot run at once");
            }
        });
    }

    private void ports(Map<String, String> seen, MapNode service, KeyPath path, String name) {
        List<Node> ports = list(service, "ports");
        long replicas = number(service, "scale").or(() -> number(service, "deploy", "replicas")).orElse(1L);
        for (int i = 0; i < ports.size(); i++) {
            MapNode port = (MapNode) ports.get(i);
            String published = port.get("published").map(Nodes::textOf).orElse("");
            if (published.isEmpty() || published.equals("0") || published.contains("-")) {
                continue;
            }
            if (replicas > 1) {
                // compose says nothing, and its second replica fails to bind, half-way through up
                problems.warn(port.location() + ": " + path.key("ports").index(i) + ": " + fixedPort(published,
                        port.get("target").map(Nodes::textOf).orElse(""), replicas));
            }
            String hostIp = port.get("host_ip").map(Nodes::textOf).orElse("0.0.0.0");
            String protocol = port.get("protocol").map(Nodes::textOf).orElse("tcp");
            String key = hostIp + ":" + published + "/" + protocol;
            String other = seen.putIfAbsent(key, name);
            if (other != null && !other.equals(name)) {
                // a warning, not an error: compose accepts it, and services in different profiles often share a port
                problems.warn(port.location() + ": " + path.key("ports").index(i) + ": host port " + key
                        + " is also published by service \"" + other + "\"; both cannot run at once");
            }
        }
    }

    /** What to do when several replicas publish one fixed host port (the lint and {@code up} say the same). */
    public static String fixedPort(String published, String target, long replicas) {
        String range = published.matches("\\d{1,5}")
                ? published + "-" + (Long.parseLong(published) + replicas - 1) : published + "-…";
        return "host port " + published + " is fixed, but the service has " + replicas + " replicas and only one can"
                + " bind it; publish a range (\"" + range + ":" + target + "\"), let the engine pick (\"" + target
                + "\"), or run one replica";
    }

    private static boolean declared(MapNode project, String kind, String name) {
        return project.get(kind).filter(MapNode.class::isInstance).map(m -> ((MapNode) m).has(name)).orElse(false);
    }

    private static List<Node> list(MapNode service, String key) {
        return service.get(key).filter(SeqNode.class::isInstance).map(s -> ((SeqNode) s).items()).orElse(List.of());
    }

    private static Optional<Long> number(MapNode node, String... keys) {
        Node current = node;
        for (String key : keys) {
            if (!(current instanceof MapNode m) || !m.has(key)) {
                return Optional.empty();
            }
            current = m.get(key).get();
        }
        return current instanceof ScalarNode s && s.value() instanceof Long l ? Optional.of(l) : Optional.empty();
    }


}
