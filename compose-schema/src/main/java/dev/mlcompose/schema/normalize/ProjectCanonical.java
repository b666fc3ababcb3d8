package dev.mlcompose.schema.normalize;

import static dev.mlcompose.schema.normalize.Nodes.textOf;

import dev.mlcompose.schema.env.DotEnv;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.SourceText;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Post-merge canonical form: profiles applied, env files folded into {@code environment}, defaults filled
 * in (build file, default network, resource names) and unused resources dropped, as compose's
 * {@code config} shows a project.
 */
public final class ProjectCanonical {

    private static final List<String> RESOURCES = List.of("networks", "volumes", "secrets", "configs");

    private final String name;
    private final Context ctx;

    public ProjectCanonical(String name, Context ctx) {
        this.name = name;
        this.ctx = ctx;
    }

    /** Every profile any service names, sorted. */
    public static List<String> allProfiles(MapNode project) {
        var all = new TreeSet<String>();
        services(project).entries().values().forEach(s -> all.addAll(strings(s, "profiles")));
        return List.copyOf(all);
    }

    /** Keeps services without profiles and those with an active one ({@code *} activates all). */
    public MapNode withProfiles(MapNode project, List<String> active) {
        var kept = new LinkedHashMap<String, Node>();
        services(project).entries().forEach((svc, node) -> {
            List<String> profiles = strings(node, "profiles");
            if (profiles.isEmpty() || active.contains("*") || profiles.stream().anyMatch(active::contains)) {
                kept.put(svc, node);
            }
        });
        return project.with("name", Nodes.text(name, project)).with("services", services(project).withEntries(kept));
    }

    /** Reads each service's env_file entries into its environment; explicit entries win. */
    public MapNode resolveEnvFiles(MapNode project) {
        var out = new LinkedHashMap<String, Node>();
        services(project).entries().forEach((svc, node) -> out.put(svc, envFilesOf(svc, node)));
        return project.with("services", services(project).withEntries(out));
    }

    private Node envFilesOf(String svc, Node node) {
        if (!(node instanceof MapNode service) || !(service.get("env_file").orElse(null) instanceof SeqNode files)) {
            return node;
        }
        var read = new LinkedHashMap<String, String>();
        var environment = new LinkedHashMap<String, Node>();
        // a variable in a later file is the earlier files' first, then the project's (compose-go
        // WithServicesEnvironmentResolved)
        Function<String, String> lookup = k -> read.containsKey(k) ? read.get(k) : ctx.environment().get(k);
        for (int i = 0; i < files.items().size(); i++) {
            MapNode file = (MapNode) files.items().get(i);
            readEnvFile(file, KeyPath.of("services").key(svc).key("env_file").index(i), lookup).forEach((k, v) -> {
                read.put(k, v);
                environment.put(k, Nodes.text(v, file));
            });
        }
        service.get("environment").ifPresent(env -> environment.putAll(((MapNode) env).entries()));
        MapNode result = service.without("env_file");
        return environment.isEmpty() ? result : result.with("environment", Nodes.map(environment, files));
    }

    /** One env_file entry's variables; none, with the problem reported, when it cannot be read. */
    private Map<String, String> readEnvFile(MapNode file, KeyPath at, Function<String, String> lookup) {
        Path path = ctx.locate(textOf(file.get("path").orElseThrow())); // as written with --no-path-resolution
        boolean required = file.get("required").map(r -> Boolean.TRUE.equals(((ScalarNode) r).value())).orElse(true);
        if (!Files.isRegularFile(path)) {
            if (required) {
                ctx.fail(file, at, "env file " + path + " not found");
            }
            return Map.of();
        }
        try {
            return DotEnv.parse(SourceText.read(path, "env files"), lookup);
        } catch (IOException | IllegalArgumentException e) {
            ctx.fail(file, at, "cannot read env file " + path + ": " + e.getMessage());
            return Map.of();
        }
    }

    /**
     * The document without defaults, as {@code config --no-normalize} prints it: only a resource declared without
     * a body ({@code data:}) becomes an empty one, as compose-go's types read it.
     */
    public MapNode unnormalized(MapNode project) {
        MapNode result = project;
        for (String kind : RESOURCES) {
            if (project.get(kind).orElse(null) instanceof MapNode declared) {
                var out = new LinkedHashMap<String, Node>();
                declared.entries().forEach((key, node) -> out.put(key, Nodes.isNull(node)
                        ? MapNode.empty(node.location()) : node));
                result = result.with(kind, declared.withEntries(out));
            }
        }
        return result;
    }

    /** Fills in defaults and resource names, and drops resources no active service uses. */
    public MapNode complete(MapNode project) {
        var services = new LinkedHashMap<String, Node>();
        services(project).entries().forEach((svc, node) -> services.put(svc, serviceDefaults((MapNode) node)));
        MapNode result = project.with("services", services(project).withEntries(services));
        for (String kind : RESOURCES) {
            result = resources(result, kind);
        }
        return result;
    }

    private MapNode serviceDefaults(MapNode service) {
        MapNode s = service;
        if (s.get("build").orElse(null) instanceof MapNode build) {
            if (!build.has("context") && !build.has("dockerfile_inline")) {
                build = build.with("context", Nodes.text(ctx.baseDir().toString(), build));
            }
            if (!build.has("dockerfile") && !build.has("dockerfile_inline")) {
                build = build.with("dockerfile", Nodes.text("Dockerfile", build));
            }
            s = s.with("build", build);
        }
        if (s.get("deploy").orElse(null) instanceof MapNode deploy) {
            // compose-go's DeployConfig holds these as structs, not pointers: always printed
            for (String struct : List.of("resources", "placement")) {
                if (!deploy.has(struct)) {
                    deploy = deploy.with(struct, MapNode.empty(deploy.location()));
                }
            }
            s = s.with("deploy", deploy);
        }
        s = deviceCountDefaults(s);
        s = impliedDependencies(s);
        if (!s.has("network_mode") && (!s.has("networks") || Nodes.isNull(s.get("networks").get()))) {
            s = s.with("networks", Nodes.map(Map.of("default", Nodes.value(null, s.location())), s));
        }
        return s;
    }

    /**
     * A device request with neither {@code count} nor {@code device_ids} asks for all devices: {@code count: -1}
     * (compose-go transform/devices.go, one of the defaults it sets once the files are merged).
     */
    private static MapNode deviceCountDefaults(MapNode service) {
        MapNode s = service;
        if (s.get("gpus").orElse(null) instanceof SeqNode gpus) {
            s = s.with("gpus", allByDefault(gpus));
        }
        var reservations = s.get("deploy").filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .flatMap(d -> d.get("resources")).filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .flatMap(r -> r.get("reservations")).filter(MapNode.class::isInstance).map(MapNode.class::cast);
        if (reservations.isPresent() && reservations.get().get("devices").orElse(null) instanceof SeqNode devices) {
            MapNode deploy = (MapNode) s.get("deploy").get();
            MapNode resources = (MapNode) deploy.get("resources").get();
            s = s.with("deploy", deploy.with("resources", resources.with("reservations",
                    reservations.get().with("devices", allByDefault(devices)))));
        }
        return s;
    }

    private static SeqNode allByDefault(SeqNode requests) {
        return requests.withItems(requests.items().stream().map(r -> r instanceof MapNode m && !m.has("count")
                && !m.has("device_ids") ? (Node) m.with("count", Nodes.value(-1L, m.location())) : r).toList());
    }

    /**
     * links, {@code service:} namespaces and volumes_from make a service depend on another, as compose-go's
     * normalize.go records them in depends_on (restart true, except for volumes_from).
     */
    private static MapNode impliedDependencies(MapNode service) {
        var implied = new LinkedHashMap<String, Boolean>();
        stringsOf(service, "links").forEach(l -> implied.putIfAbsent(l.split(":")[0], true));
        for (String ns : List.of("network_mode", "ipc", "pid", "uts", "cgroup")) {
            service.get(ns).map(Nodes::textOf).filter(v -> v.startsWith("service:"))
                    .ifPresent(v -> implied.putIfAbsent(v.substring("service:".length()), true));
        }
        stringsOf(service, "volumes_from").stream().filter(v -> !v.startsWith("container:"))
                .forEach(v -> implied.putIfAbsent(v.split(":")[0], false));
        if (implied.isEmpty()) {
            return service;
        }
        MapNode deps = service.get("depends_on").filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .orElse(MapNode.empty(service.location()));
        for (var e : implied.entrySet()) {
            if (!deps.has(e.getKey())) {
                var dep = new LinkedHashMap<String, Object>();
                dep.put("condition", "service_started");
                dep.put("restart", e.getValue());
                dep.put("required", true);
                deps = deps.with(e.getKey(), Nodes.from(dep, service.location()));
            }
        }
        return service.with("depends_on", deps);
    }

    private static List<String> stringsOf(MapNode service, String key) {
        return strings(service, key);
    }

    private MapNode resources(MapNode project, String kind) {
        Set<String> used = used(project, kind);
        MapNode declared = project.get(kind).filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .orElse(MapNode.empty(project.location()));
        var out = new LinkedHashMap<String, Node>();
        for (String key : used) {
            Node node = declared.get(key).orElse(null);
            if (node == null && !(kind.equals("networks") && key.equals("default"))) {
                continue;
            }
            MapNode resource = node instanceof MapNode m ? m : MapNode.empty(node == null ? project.location() : node.location());
            out.put(key, resource(kind, key, resource));
        }
        return out.isEmpty() ? project.without(kind) : project.with(kind, declared.withEntries(out));
    }

    private MapNode resource(String kind, String key, MapNode resource) {
        // the legacy form `external: {name: x}` counts as external too
        boolean external = resource.get("external")
                .map(e -> e instanceof MapNode || (e instanceof ScalarNode s && Boolean.TRUE.equals(s.value())))
                .orElse(false);
        MapNode r = resource;
        if (r.get("external").orElse(null) instanceof MapNode legacy) {
            // the legacy `external: {name: x}` form
            r = r.with("external", Nodes.value(true, legacy.location()));
            if (legacy.has("name") && !r.has("name")) {
                r = r.with("name", legacy.get("name").get());
            }
        }
        for (String opts : List.of("driver_opts")) {
            if (r.get(opts).orElse(null) instanceof MapNode m) {
                var strings = new LinkedHashMap<String, Node>();
                m.entries().forEach((k, v) -> strings.put(k, Nodes.text(textOf(v), v)));
                r = r.with(opts, m.withEntries(strings));
            }
        }
        if (!r.has("name")) {
            r = r.with("name", Nodes.text(external ? key : name + "_" + key, r));
        }
        if (kind.equals("networks") && !r.has("ipam")) {
            r = r.with("ipam", MapNode.empty(r.location()));
        }
        if ((kind.equals("secrets") || kind.equals("configs")) && r.get("file").map(Nodes::textOf).isPresent()) {
            r = r.with("file", Nodes.text(ctx.resolve(textOf(r.get("file").get())).toString(), r));
        }
        return r;
    }

    /** The names of {@code kind} that active services refer to, in first-use order. */
    private static Set<String> used(MapNode project, String kind) {
        var used = new LinkedHashSet<String>();
        for (Node node : services(project).entries().values()) {
            MapNode service = (MapNode) node;
            switch (kind) {
                case "networks" -> service.get("networks").filter(MapNode.class::isInstance)
                        .ifPresent(n -> used.addAll(((MapNode) n).entries().keySet()));
                case "volumes" -> service.get("volumes").filter(SeqNode.class::isInstance).ifPresent(v ->
                        ((SeqNode) v).items().forEach(m -> {
                            MapNode mount = (MapNode) m;
                            if ("volume".equals(mount.get("type").map(Nodes::textOf).orElse(""))) {
                                mount.get("source").map(Nodes::textOf).ifPresent(used::add);
                            }
                        }));
                default -> {
                    List<Node> refs = service.get(kind).filter(SeqNode.class::isInstance)
                            .map(s -> ((SeqNode) s).items()).orElse(List.of());
                    refs.forEach(r -> ((MapNode) r).get("source").map(Nodes::textOf).ifPresent(used::add));
                    service.get("build").filter(MapNode.class::isInstance).flatMap(b -> ((MapNode) b).get(kind))
                            .filter(SeqNode.class::isInstance).ifPresent(s -> ((SeqNode) s).items().forEach(r ->
                                    used.add(r instanceof MapNode m ? textOf(m.get("source").orElseThrow()) : textOf(r))));
                }
            }
        }
        return used;
    }

    public static MapNode services(MapNode project) {
        return project.get("services").filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .orElse(MapNode.empty(project.location()));
    }

    private static List<String> strings(Node service, String key) {
        if (service instanceof MapNode m && m.get(key).orElse(null) instanceof SeqNode seq) {
            return seq.items().stream().map(Nodes::textOf).toList();
        }
        return List.of();
    }
}
