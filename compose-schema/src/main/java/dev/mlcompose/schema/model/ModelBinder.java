package dev.mlcompose.schema.model;

import dev.mlcompose.schema.model.Service.Build;
import dev.mlcompose.schema.model.Service.Dependency;
import dev.mlcompose.schema.model.Service.DeviceRequest;
import dev.mlcompose.schema.model.Service.Healthcheck;
import dev.mlcompose.schema.model.Service.Mount;
import dev.mlcompose.schema.model.Service.Port;
import dev.mlcompose.schema.model.Service.Resources;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds the canonical, already validated document into the typed records. */
final class ModelBinder {

    private ModelBinder() {
    }

    static Project bind(MapNode doc, Path workingDir, List<String> files, List<String> profiles, Map<String, String> env) {
        var services = new LinkedHashMap<String, Service>();
        map(doc, "services").entries().forEach((name, node) -> services.put(name, service(name, (MapNode) node)));
        return new Project(text(doc, "name").orElse(""), workingDir, files, services, resources(doc, "networks"),
                resources(doc, "volumes"), resources(doc, "secrets"), resources(doc, "configs"), profiles, env, doc);
    }

    static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static Service service(String name, MapNode s) {
        var deploy = map(s, "deploy");
        long replicas = number(s, "scale").or(() -> number(deploy, "replicas")).orElse(1L);
        return new Service(name, text(s, "image"), s.get("build").map(b -> build((MapNode) b)),
                optionalStrings(s, "command"), optionalStrings(s, "entrypoint"), strings(map(s, "environment")),
                strings(map(s, "labels")), list(s, "ports").stream().map(p -> port((MapNode) p)).toList(),
                list(s, "volumes").stream().map(v -> mount((MapNode) v)).toList(), dependencies(map(s, "depends_on")),
                s.get("healthcheck").map(h -> healthcheck((MapNode) h)), resources(map(deploy, "resources"), list(s, "gpus")),
                List.copyOf(map(s, "networks").entries().keySet()), text(s, "network_mode"),
                text(s, "restart").or(() -> restartPolicy(map(deploy, "restart_policy"))),
                text(s, "user"), text(s, "working_dir"), text(s, "container_name"), texts(s, "profiles"),
                (int) replicas, text(s, "stop_grace_period").map(GoDuration::parse), options(s, map(deploy, "resources")),
                aliases(map(s, "networks")), extensions(s), files(s));
    }

    /** The secrets and configs a service mounts (canonical form: source and absolute target). */
    private static List<Service.FileRef> files(MapNode s) {
        var out = new ArrayList<Service.FileRef>();
        for (String kind : List.of("secrets", "configs")) {
            list(s, kind).forEach(ref -> out.add(new Service.FileRef(kind, text((MapNode) ref, "source").orElse(""),
                    text((MapNode) ref, "target").orElse(""))));
        }
        return out;
    }

    /** deploy.restart_policy as the engine's restart policy, for services without {@code restart:}. */
    private static Optional<String> restartPolicy(MapNode policy) {
        return text(policy, "condition").map(condition -> switch (condition) {
            case "none" -> "no";
            case "on-failure" -> number(policy, "max_attempts").map(n -> "on-failure:" + n).orElse("on-failure");
            default -> "always";
        });
    }

    private static Map<String, List<String>> aliases(MapNode networks) {
        var out = new LinkedHashMap<String, List<String>>();
        networks.entries().forEach((name, n) -> out.put(name,
                n instanceof MapNode m ? texts(m, "aliases") : List.of()));
        return out;
    }

    private static ContainerOptions options(MapNode s, MapNode resources) {
        MapNode limits = map(resources, "limits");
        MapNode reservations = map(resources, "reservations");
        var ulimits = new LinkedHashMap<String, ContainerOptions.Ulimit>();
        map(s, "ulimits").entries().forEach((name, u) -> ulimits.put(name, u instanceof MapNode m
                ? new ContainerOptions.Ulimit(number(m, "soft").orElse(0L), number(m, "hard").orElse(0L))
                : new ContainerOptions.Ulimit(((Number) ((ScalarNode) u).value()).longValue(),
                        ((Number) ((ScalarNode) u).value()).longValue())));
        MapNode logging = map(s, "logging");
        return new ContainerOptions(text(s, "hostname"), bool(s, "init"), bool(s, "privileged"), bool(s, "read_only"),
                bool(s, "tty"), bool(s, "stdin_open"), text(s, "stop_signal"), texts(s, "tmpfs"), texts(s, "cap_add"),
                texts(s, "cap_drop"), texts(s, "dns"), texts(s, "extra_hosts"), strings(map(s, "sysctls")), ulimits,
                text(s, "ipc"), text(s, "pid"), decimal(s, "cpus").or(() -> decimal(limits, "cpus")),
                bytes(s, "mem_limit").or(() -> bytes(limits, "memory")), bytes(s, "memswap_limit"),
                bytes(s, "mem_reservation").or(() -> bytes(reservations, "memory")), bytes(s, "shm_size"),
                number(s, "cpu_shares"), text(s, "cpuset"), number(s, "pids_limit").or(() -> number(limits, "pids")),
                text(logging, "driver"), strings(map(logging, "options")), text(s, "pull_policy"));
    }

    /** Sizes are byte counts by now (the canonical form); {@code memswap_limit: -1} (unlimited) is one too. */
    private static Optional<ByteSize> bytes(MapNode node, String key) {
        return text(node, key).map(t -> new ByteSize(Long.parseLong(t)));
    }

    private static Build build(MapNode b) {
        return new Build(text(b, "context").orElse("."), text(b, "dockerfile"), strings(map(b, "args")), text(b, "target"));
    }

    private static Port port(MapNode p) {
        return new Port(number(p, "target").orElse(0L).intValue(), text(p, "published"), text(p, "host_ip"),
                text(p, "protocol").orElse("tcp"));
    }

    private static Mount mount(MapNode m) {
        return new Mount(text(m, "type").orElse("volume"), text(m, "source"), text(m, "target").orElse(""),
                bool(m, "read_only"));
    }

    private static Map<String, Dependency> dependencies(MapNode deps) {
        var out = new LinkedHashMap<String, Dependency>();
        deps.entries().forEach((name, d) -> out.put(name, new Dependency(text((MapNode) d, "condition")
                .orElse("service_started"), !((MapNode) d).has("required") || bool((MapNode) d, "required"),
                bool((MapNode) d, "restart"))));
        return out;
    }

    private static Healthcheck healthcheck(MapNode h) {
        return new Healthcheck(texts(h, "test"), duration(h, "interval"), duration(h, "timeout"),
                number(h, "retries").map(Long::intValue), duration(h, "start_period"), duration(h, "start_interval"),
                bool(h, "disable") || texts(h, "test").equals(List.of("NONE")));
    }

    /** deploy.resources, with the service-level {@code gpus:} added to its device requests. */
    private static Optional<Resources> resources(MapNode r, List<Node> gpus) {
        if (r.entries().isEmpty() && gpus.isEmpty()) {
            return Optional.empty();
        }
        MapNode limits = map(r, "limits");
        MapNode reservations = map(r, "reservations");
        var devices = new java.util.ArrayList<DeviceRequest>();
        list(reservations, "devices").forEach(d -> devices.add(device((MapNode) d)));
        gpus.forEach(g -> {
            DeviceRequest d = device((MapNode) g);
            devices.add(new DeviceRequest(d.driver().or(() -> Optional.of("nvidia")), d.count(), d.deviceIds(),
                    d.capabilities().isEmpty() ? List.of("gpu") : d.capabilities(), d.options()));
        });
        return Optional.of(new Resources(decimal(limits, "cpus"), bytes(limits, "memory"),
                number(limits, "pids"), decimal(reservations, "cpus"), bytes(reservations, "memory"),
                devices));
    }

    private static DeviceRequest device(MapNode d) {
        return new DeviceRequest(text(d, "driver"), number(d, "count"), texts(d, "device_ids"), texts(d, "capabilities"),
                strings(map(d, "options")));
    }

    private static Map<String, Resource> resources(MapNode doc, String kind) {
        var out = new LinkedHashMap<String, Resource>();
        map(doc, kind).entries().forEach((key, node) -> {
            MapNode r = (MapNode) node;
            boolean external = r.get("external").map(e -> e instanceof MapNode || Boolean.TRUE.equals(((ScalarNode) e).value()))
                    .orElse(false); // `external: {name: x}` is the legacy form
            out.put(key, new Resource(key, text(r, "name").orElse(key), external, strings(map(r, "labels")),
                    text(r, "file")));
        });
        return out;
    }

    private static Map<String, Object> extensions(MapNode s) {
        var out = new LinkedHashMap<String, Object>();
        s.entries().forEach((k, v) -> {
            if (k.startsWith("x-")) {
                out.put(k, plain(v));
            }
        });
        return out;
    }

    /** A node as plain Java values, for extension fields that the runner reads itself. */
    static Object plain(Node node) {
        if (node instanceof MapNode m) {
            var out = new LinkedHashMap<String, Object>();
            m.entries().forEach((k, v) -> out.put(k, plain(v)));
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof SeqNode s) {
            return s.items().stream().map(ModelBinder::plain).toList();
        }
        Object value = ((ScalarNode) node).value();
        return value == null ? "" : value;
    }

    private static MapNode map(MapNode node, String key) {
        return node.get(key).filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .orElse(MapNode.empty(node.location()));
    }

    private static List<Node> list(MapNode node, String key) {
        return node.get(key).filter(SeqNode.class::isInstance).map(s -> ((SeqNode) s).items()).orElse(List.of());
    }

    private static Optional<String> text(MapNode node, String key) {
        return node.get(key).map(Nodes::textOf);
    }

    private static List<String> texts(MapNode node, String key) {
        return list(node, key).stream().map(Nodes::textOf).toList();
    }

    private static Optional<List<String>> optionalStrings(MapNode node, String key) {
        return node.get(key).filter(SeqNode.class::isInstance).map(s -> texts(node, key));
    }

    /** A mapping of strings; entries without a value (unset variables) are left out. */
    private static Map<String, String> strings(MapNode node) {
        var out = new LinkedHashMap<String, String>();
        node.entries().forEach((k, v) -> {
            String value = Nodes.textOf(v);
            if (value != null) {
                out.put(k, value);
            }
        });
        return out;
    }

    private static Optional<Long> number(MapNode node, String key) {
        return node.get(key).map(n -> ((ScalarNode) n).value()).filter(Number.class::isInstance)
                .map(n -> ((Number) n).longValue());
    }

    private static Optional<Double> decimal(MapNode node, String key) {
        return node.get(key).map(n -> ((ScalarNode) n).value()).filter(Number.class::isInstance)
                .map(n -> ((Number) n).doubleValue());
    }

    private static boolean bool(MapNode node, String key) {
        return node.get(key).map(n -> Boolean.TRUE.equals(((ScalarNode) n).value())).orElse(false);
    }

    private static Optional<Duration> duration(MapNode node, String key) {
        return text(node, key).map(GoDuration::parse);
    }

}
