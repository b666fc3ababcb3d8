package dev.mlcompose.schema.model;

import static dev.mlcompose.schema.model.Values.bool;
import static dev.mlcompose.schema.model.Values.duration;
import static dev.mlcompose.schema.model.Values.list;
import static dev.mlcompose.schema.model.Values.map;
import static dev.mlcompose.schema.model.Values.maps;
import static dev.mlcompose.schema.model.Values.number;
import static dev.mlcompose.schema.model.Values.optionalTexts;
import static dev.mlcompose.schema.model.Values.strings;
import static dev.mlcompose.schema.model.Values.text;
import static dev.mlcompose.schema.model.Values.texts;

import dev.mlcompose.schema.model.Service.Attachment;
import dev.mlcompose.schema.model.Service.Build;
import dev.mlcompose.schema.model.Service.Dependency;
import dev.mlcompose.schema.model.Service.DeviceRequest;
import dev.mlcompose.schema.model.Service.Healthcheck;
import dev.mlcompose.schema.model.Service.Hook;
import dev.mlcompose.schema.model.Service.Mount;
import dev.mlcompose.schema.model.Service.MountOptions;
import dev.mlcompose.schema.model.Service.Port;
import dev.mlcompose.schema.model.Service.Resources;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds one canonical service into {@link Service}. */
final class ServiceBinder {

    private ServiceBinder() {
    }

    static Service service(String name, MapNode s) {
        MapNode deploy = map(s, "deploy");
        long replicas = number(s, "scale").or(() -> number(deploy, "replicas")).orElse(1L);
        Map<String, Attachment> attachments = attachments(map(s, "networks"));
        return new Service(name, text(s, "image"), s.get("build").map(b -> build((MapNode) b)),
                optionalTexts(s, "command"), optionalTexts(s, "entrypoint"), strings(map(s, "environment")),
                strings(map(s, "labels")), maps(s, "ports").stream().map(ServiceBinder::port).toList(),
                maps(s, "volumes").stream().map(ServiceBinder::mount).toList(), dependencies(map(s, "depends_on")),
                s.get("healthcheck").map(h -> healthcheck((MapNode) h)),
                resources(map(deploy, "resources"), list(s, "gpus")), byPriority(attachments), text(s, "network_mode"),
                text(s, "restart").or(() -> restartPolicy(map(deploy, "restart_policy"))), text(s, "user"),
                text(s, "working_dir"), text(s, "container_name"), texts(s, "profiles"), (int) replicas,
                duration(s, "stop_grace_period"), OptionsBinder.options(s), attachments, extensions(s), files(s),
                new Service.Lifecycle(hooks(s, "pre_start"), hooks(s, "post_start"), hooks(s, "pre_stop")),
                integrations(s), watchRules(map(s, "develop")), deploy(deploy));
    }

    private static Deploy deploy(MapNode d) {
        MapNode placement = map(d, "placement");
        var spreads = maps(placement, "preferences").stream().flatMap(p -> text(p, "spread").stream()).toList();
        var generic = maps(map(map(d, "resources"), "reservations"), "generic_resources").stream()
                .map(g -> map(g, "discrete_resource_spec"))
                .map(g -> new Deploy.GenericResource(text(g, "kind").orElse(""), number(g, "value").orElse(0L)))
                .toList();
        return new Deploy(text(d, "mode").map(Deploy.Mode::of), strings(map(d, "labels")), text(d, "endpoint_mode"),
                new Deploy.Placement(texts(placement, "constraints"), spreads,
                        number(placement, "max_replicas_per_node").map(Long::intValue)),
                d.get("restart_policy").map(r -> restartPolicyOf((MapNode) r)),
                d.get("update_config").map(u -> updatePolicy((MapNode) u)),
                d.get("rollback_config").map(u -> updatePolicy((MapNode) u)), generic);
    }

    private static Deploy.RestartPolicy restartPolicyOf(MapNode r) {
        return new Deploy.RestartPolicy(text(r, "condition"), duration(r, "delay"),
                number(r, "max_attempts").map(Long::intValue), duration(r, "window"));
    }

    private static Deploy.UpdatePolicy updatePolicy(MapNode u) {
        return new Deploy.UpdatePolicy(number(u, "parallelism").map(Long::intValue), duration(u, "delay"),
                text(u, "failure_action"), duration(u, "monitor"), Values.decimal(u, "max_failure_ratio"),
                text(u, "order"));
    }

    private static List<Service.WatchRule> watchRules(MapNode develop) {
        return maps(develop, "watch").stream().map(w -> new Service.WatchRule(
                Service.WatchAction.of(text(w, "action").orElse("")), text(w, "path").orElse(""), text(w, "target"),
                stringOrList(w, "ignore"), stringOrList(w, "include"),
                optionalTexts(map(w, "exec"), "command").map(command -> hook(map(w, "exec"), command)),
                bool(w, "initial_sync"))).toList();
    }

    private static List<String> stringOrList(MapNode m, String key) {
        return m.get(key).orElse(null) instanceof ScalarNode ? text(m, key).stream().toList() : texts(m, key);
    }


    /** compose's order (compose-go {@code NetworksByPriority}): highest priority first, then by name. */
    private static List<String> byPriority(Map<String, Attachment> attachments) {
        return attachments.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Attachment> e) -> -e.getValue().priority())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }

    private static Map<String, Attachment> attachments(MapNode networks) {
        var out = new LinkedHashMap<String, Attachment>();
        networks.entries().forEach((name, n) -> out.put(name, n instanceof MapNode m ? new Attachment(
                texts(m, "aliases"), text(m, "ipv4_address"), text(m, "ipv6_address"), texts(m, "link_local_ips"),
                text(m, "mac_address"), number(m, "priority").orElse(0L).intValue(), strings(map(m, "driver_opts")))
                : Attachment.DEFAULT));
        return out;
    }

    /** The secrets and configs a service mounts (canonical form: source and absolute target). */
    private static List<Service.FileRef> files(MapNode s) {
        var out = new ArrayList<Service.FileRef>();
        for (String kind : List.of("secrets", "configs")) {
            maps(s, kind).forEach(ref -> out.add(new Service.FileRef(kind, text(ref, "source").orElse(""),
                    text(ref, "target").orElse(""), text(ref, "uid"), text(ref, "gid"),
                    number(ref, "mode").map(Long::intValue))));
        }
        return out;
    }

    private static List<Hook> hooks(MapNode s, String key) {
        return maps(s, key).stream().map(h -> hook(h, optionalTexts(h, "command").orElse(List.of()))).toList();
    }

    private static Hook hook(MapNode h, List<String> command) {
        return new Hook(command, text(h, "image"), text(h, "user"), bool(h, "privileged"), text(h, "working_dir"),
                strings(map(h, "environment")));
    }

    private static Service.Integrations integrations(MapNode s) {
        List<String> models = s.get("models").orElse(null) instanceof SeqNode ? texts(s, "models")
                : List.copyOf(map(s, "models").entries().keySet());
        return new Service.Integrations(text(map(s, "provider"), "type"), models, bool(s, "use_api_socket"));
    }

    /** deploy.restart_policy as the engine's restart policy, for services without {@code restart:}. */
    private static Optional<String> restartPolicy(MapNode policy) {
        return text(policy, "condition").map(condition -> switch (condition) {
            case "none" -> "no";
            case "on-failure" -> number(policy, "max_attempts").map(n -> "on-failure:" + n).orElse("on-failure");
            default -> "always";
        });
    }

    private static Build build(MapNode b) {
        return new Build(text(b, "context").orElse("."), text(b, "dockerfile"), strings(map(b, "args")),
                text(b, "target"));
    }

    private static Port port(MapNode p) {
        return new Port(number(p, "target").orElse(0L).intValue(), text(p, "published"), text(p, "host_ip"),
                text(p, "protocol").orElse("tcp"), text(p, "mode"));
    }

    private static Mount mount(MapNode m) {
        MapNode bind = map(m, "bind");
        MapNode volume = map(m, "volume");
        MapNode tmpfs = map(m, "tmpfs");
        var options = new MountOptions(text(bind, "propagation"), bool(bind, "create_host_path"),
                text(bind, "selinux"), m.get("volume").isPresent(), bool(volume, "nocopy"), text(volume, "subpath"), number(tmpfs, "size"),
                number(tmpfs, "mode").map(Long::intValue), text(m, "consistency"));
        return new Mount(text(m, "type").orElse("volume"), text(m, "source"), text(m, "target").orElse(""),
                bool(m, "read_only"), options);
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
        var devices = new ArrayList<DeviceRequest>();
        maps(reservations, "devices").forEach(d -> devices.add(device(d)));
        gpus.forEach(g -> {
            DeviceRequest d = device((MapNode) g);
            devices.add(new DeviceRequest(d.driver().or(() -> Optional.of("nvidia")), d.count(), d.deviceIds(),
                    d.capabilities().isEmpty() ? List.of("gpu") : d.capabilities(), d.options()));
        });
        return Optional.of(new Resources(Values.decimal(limits, "cpus"), Values.bytes(limits, "memory"),
                number(limits, "pids"), Values.decimal(reservations, "cpus"), Values.bytes(reservations, "memory"),
                devices));
    }

    private static DeviceRequest device(MapNode d) {
        return new DeviceRequest(text(d, "driver"), number(d, "count"), texts(d, "device_ids"), texts(d, "capabilities"),
                strings(map(d, "options")));
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
            return s.items().stream().map(ServiceBinder::plain).toList();
        }
        Object value = ((ScalarNode) node).value();
        return value == null ? "" : value;
    }
}
