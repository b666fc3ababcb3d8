package dev.mlcompose.schema.normalize;

import static dev.mlcompose.schema.normalize.Nodes.from;
import static dev.mlcompose.schema.normalize.Nodes.isNull;
import static dev.mlcompose.schema.normalize.Nodes.textOf;

import dev.mlcompose.schema.model.ByteSize;
import dev.mlcompose.schema.model.GoDuration;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.path.PathPattern;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a service (and the labels of networks, volumes, secrets and configs) into the long syntax that
 * {@code docker compose config} prints: one rule per attribute path (compose-go transform/canonical.go). Rules
 * run before merging, on each file's own services, so relative paths resolve against that file's base directory.
 */
public final class ServiceCanonical {

    @FunctionalInterface
    interface Rule {
        Node apply(Node value, KeyPath path, Context ctx);
    }

    private static final Map<PathPattern, Rule> RULES = new LinkedHashMap<>();

    private static void rule(String servicePath, Rule rule) {
        RULES.put(PathPattern.of("services.*." + servicePath), rule);
    }

    static {
        rule("build", ServiceCanonical::build);
        rule("build.args", (v, p, c) -> mapping(v, p, c, true));
        rule("build.labels", (v, p, c) -> mapping(v, p, c, false));
        rule("build.additional_contexts", ServiceCanonical::additionalContexts);
        rule("deploy.labels", (v, p, c) -> mapping(v, p, c, false));
        rule("build.extra_hosts", ServiceCanonical::extraHosts);
        rule("build.shm_size", ServiceCanonical::bytes);
        rule("build.cache_from", ServiceCanonical::stringList);
        rule("build.tags", ServiceCanonical::stringList);
        rule("build.secrets", (v, p, c) -> fileObjects(v, null));
        rule("develop.watch[]", (v, p, c) -> v instanceof MapNode w && !w.has("exec")
                ? w.with("exec", from(java.util.Collections.singletonMap("command", null), w.location())) : v);
        rule("develop.watch[].path", (v, p, c) -> Nodes.text(c.resolve(textOf(v)).toString(), v));
        rule("develop.watch[].exec.command", ServiceCanonical::shellCommand); // a service_hook, as pre_start's
        rule("develop.watch[].exec.environment", (v, p, c) -> mapping(v, p, c, true));
        rule("command", ServiceCanonical::shellCommand);
        rule("entrypoint", ServiceCanonical::shellCommand);
        for (String hook : List.of("pre_start", "post_start", "pre_stop")) { // as compose-go's ServiceHook types them
            rule(hook + "[].command", ServiceCanonical::shellCommand);
            rule(hook + "[].environment", (v, p, c) -> mapping(v, p, c, true));
        }
        rule("environment", (v, p, c) -> mapping(v, p, c, true));
        rule("env_file", ServiceCanonical::envFiles);
        rule("labels", (v, p, c) -> mapping(v, p, c, false));
        rule("annotations", (v, p, c) -> mapping(v, p, c, false));
        rule("sysctls", (v, p, c) -> mapping(v, p, c, false));
        rule("extra_hosts", ServiceCanonical::extraHosts);
        rule("depends_on", ServiceCanonical::dependsOn);
        rule("ports", ServiceCanonical::ports);
        rule("expose", ServiceCanonical::stringList);
        rule("volumes", ServiceCanonical::volumes);
        rule("devices", ServiceCanonical::devices);
        rule("tmpfs", ServiceCanonical::stringList);
        rule("dns", ServiceCanonical::stringList);
        rule("dns_search", ServiceCanonical::stringList);
        rule("healthcheck", ServiceCanonical::healthcheck);
        rule("stop_grace_period", ServiceCanonical::duration);
        for (String bytes : List.of("mem_limit", "mem_reservation", "shm_size", "mem_swappiness",
                "deploy.resources.limits.memory", "deploy.resources.reservations.memory")) {
            rule(bytes, ServiceCanonical::bytes);
        }
        rule("memswap_limit", ServiceCanonical::swapBytes);
        for (String duration : List.of("deploy.restart_policy.delay", "deploy.restart_policy.window",
                "deploy.update_config.delay", "deploy.update_config.monitor", "deploy.rollback_config.delay",
                "deploy.rollback_config.monitor")) {
            rule(duration, ServiceCanonical::duration);
        }
        rule("deploy.resources.reservations.devices[].count", ServiceCanonical::deviceCount);
        rule("deploy.resources.limits.cpus", ServiceCanonical::number);
        rule("deploy.resources.reservations.cpus", ServiceCanonical::number);
        rule("gpus", ServiceCanonical::gpus);
        // compose-go's DeviceRequest.Options is a map of strings: `virtualization: false` prints as "false"
        rule("deploy.resources.reservations.devices[].options", (v, p, c) -> mapping(v, p, c, false));
        rule("gpus[].options", (v, p, c) -> mapping(v, p, c, false));
        rule("networks", ServiceCanonical::networks);
        rule("secrets", (v, p, c) -> fileObjects(v, "/run/secrets/"));
        rule("configs", (v, p, c) -> fileObjects(v, null));
        rule("ulimits.*", (v, p, c) -> v);
        for (String rate : List.of("device_read_bps", "device_write_bps")) {
            rule("blkio_config." + rate + "[].rate", ServiceCanonical::byteCount);
        }
        rule("logging.options", (v, p, c) -> mapping(v, p, c, false));
        for (String kind : List.of("networks", "volumes", "secrets", "configs")) {
            RULES.put(PathPattern.of(kind + ".*.labels"), (v, p, c) -> mapping(v, p, c, false));
        }
        RULES.put(PathPattern.of("networks.*.ipam.options"), (v, p, c) -> mapping(v, p, c, false));
    }

    private ServiceCanonical() {
    }

    /** Canonicalizes every service of a document, depth first, so that nested rules also apply. */
    public static Node apply(Node document, Context ctx) {
        return visit(document, KeyPath.root(), ctx);
    }

    private static Node visit(Node node, KeyPath path, Context ctx) {
        if (node.mergeTag() == Node.MergeTag.RESET) {
            return node; // removes what earlier files set, whatever its syntax: nothing to canonicalize
        }
        for (var rule : RULES.entrySet()) {
            if (rule.getKey().matches(path)) {
                try {
                    // the merge tag (!reset, !override) belongs to the value whatever its syntax
                    node = rule.getValue().apply(node, path, ctx).withMergeTag(node.mergeTag());
                } catch (IllegalArgumentException e) {
                    ctx.fail(node, path, e.getMessage());
                }
                break;
            }
        }
        if (node instanceof MapNode map) {
            var entries = new LinkedHashMap<String, Node>();
            map.entries().forEach((k, v) -> entries.put(k, visit(v, path.key(k), ctx)));
            return map.withEntries(entries);
        }
        if (node instanceof SeqNode seq && path.size() > 2) {
            var items = new ArrayList<Node>();
            for (int i = 0; i < seq.items().size(); i++) {
                items.add(visit(seq.items().get(i), path.index(i), ctx));
            }
            return seq.withItems(items);
        }
        return node;
    }

    private static Node build(Node value, KeyPath path, Context ctx) {
        MapNode build = value instanceof MapNode m ? m
                : Nodes.map(Map.of("context", value), value);
        String context = build.get("context").map(Nodes::textOf).orElse(".");
        // an empty context (often ${PWD} unset) stays empty, as compose-go's absPath leaves "": its build then fails
        if (!context.isEmpty() && !isRemote(context)) {
            build = build.with("context", Nodes.text(ctx.resolve(context).toString(), build));
        }
        return build; // the default dockerfile comes with the other defaults, after merging (ProjectCanonical)
    }

    static boolean isRemote(String context) {
        return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
    }

    private static Node shellCommand(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s && s.isString()) {
            List<String> words = ShellWords.split(s.text(), rest -> ctx.problems().warn(path + ": \"" + rest
                    + "\" is dropped, as docker compose drops what follows a shell operator in a command string;"
                    + " use [\"sh\", \"-c\", \"...\"] to run it in a shell"));
            return Nodes.seq(words.stream().map(w -> Nodes.text(w, s)).toList(), s);
        }
        return value;
    }

    /** list_or_dict to a mapping of strings; bare KEY entries take their value from the environment. */
    private static Node mapping(Node value, KeyPath path, Context ctx, boolean fromEnvironment) {
        var out = new LinkedHashMap<String, Node>();
        var keys = new LinkedHashMap<String, dev.mlcompose.schema.yaml.Location>(); // each key keeps its own line
        if (value instanceof SeqNode seq) {
            for (Node item : seq.items()) {
                String entry = textOf(item);
                if (entry == null) {
                    continue;
                }
                int eq = entry.indexOf('=');
                String key = eq >= 0 ? entry.substring(0, eq) : entry;
                out.put(key, eq >= 0 ? Nodes.text(entry.substring(eq + 1), item)
                        : fromEnvironment ? inherited(entry, item, ctx) : Nodes.text("", item));
                keys.put(key, item.location());
            }
        } else if (value instanceof MapNode map) {
            map.entries().forEach((key, v) -> {
                out.put(key, (isNull(v) ? (fromEnvironment ? inherited(key, v, ctx) : Nodes.text("", v))
                        : Nodes.text(textOf(v), v)).withMergeTag(v.mergeTag()));
                keys.put(key, map.keyLocation(key));
            });
        }
        if (path.last().equals("args")) {
            out.values().removeIf(Nodes::isNull); // compose drops build args that have no value anywhere
        }
        return new MapNode(out, keys, value.location(), Node.MergeTag.NONE);
    }

    /** Local additional contexts become absolute; images, services, URLs and "" stay as written. */
    private static Node additionalContexts(Node value, KeyPath path, Context ctx) {
        MapNode contexts = (MapNode) mapping(value, path, ctx, false);
        var out = new LinkedHashMap<String, Node>();
        contexts.entries().forEach((name, v) -> {
            String text = textOf(v);
            boolean local = text != null && !text.isEmpty() && !text.contains("://") && !text.startsWith("service:");
            out.put(name, local ? Nodes.text(ctx.resolve(text).toString(), v) : v);
        });
        return Nodes.map(out, value);
    }

    private static Node inherited(String key, Node at, Context ctx) {
        String value = ctx.environment().get(key);
        return Nodes.value(value, at.location());
    }

    private static Node envFiles(Node value, KeyPath path, Context ctx) {
        List<Node> items = value instanceof SeqNode seq ? seq.items() : List.of(value);
        var out = new ArrayList<Node>();
        for (Node item : items) {
            var entry = new LinkedHashMap<String, Object>();
            if (item instanceof MapNode map) {
                entry.put("path", ctx.resolve(map.get("path").map(Nodes::textOf).orElse("")).toString());
                entry.put("required", map.get("required").map(n -> ((ScalarNode) n).value()).orElse(true));
            } else {
                entry.put("path", ctx.resolve(textOf(item)).toString());
                entry.put("required", true);
            }
            out.add(from(entry, item.location()));
        }
        return Nodes.seq(out, value);
    }

    private static Node extraHosts(Node value, KeyPath path, Context ctx) {
        var out = new ArrayList<Node>();
        if (value instanceof MapNode map) {
            // compose prints the mapping form sorted by host name
            new java.util.TreeMap<>(map.entries()).forEach((host, ip) -> {
                List<Node> ips = ip instanceof SeqNode s ? s.items() : List.of(ip);
                ips.forEach(i -> out.add(Nodes.text(host + "=" + textOf(i), i)));
            });
        } else if (value instanceof SeqNode seq) {
            for (Node item : seq.items()) {
                String entry = textOf(item);
                int eq = entry.indexOf('=');
                int colon = entry.indexOf(':');
                int split = eq >= 0 ? eq : colon;
                out.add(split < 0 ? item : Nodes.text(entry.substring(0, split) + "=" + entry.substring(split + 1), item));
            }
        }
        return Nodes.seq(out, value);
    }

    private static Node dependsOn(Node value, KeyPath path, Context ctx) {
        var out = new LinkedHashMap<String, Node>();
        if (value instanceof SeqNode seq) {
            for (Node item : seq.items()) {
                var dependency = new LinkedHashMap<String, Object>(); // ordered: compose prints condition first
                dependency.put("condition", "service_started");
                dependency.put("required", true);
                out.put(textOf(item), from(dependency, item.location()));
            }
        } else if (value instanceof MapNode map) {
            map.entries().forEach((name, dep) -> {
                MapNode d = dep instanceof MapNode m ? m : MapNode.empty(dep.location());
                if (!d.has("condition")) {
                    d = d.with("condition", Nodes.text("service_started", d));
                }
                if (!d.has("required")) {
                    d = d.with("required", Nodes.value(true, d.location()));
                }
                out.put(name, d);
            });
        }
        return Nodes.map(out, value);
    }

    private static Node ports(Node value, KeyPath path, Context ctx) {
        var out = new ArrayList<Node>();
        for (Node item : ((SeqNode) value).items()) {
            if (item instanceof MapNode map) {
                MapNode port = map;
                if (!port.has("mode")) {
                    port = port.with("mode", Nodes.text("ingress", map));
                }
                if (!port.has("protocol")) {
                    port = port.with("protocol", Nodes.text("tcp", map));
                }
                if (port.get("published").map(n -> n instanceof ScalarNode s && !s.isString() && !s.isNull()).orElse(false)) {
                    port = port.with("published", Nodes.text(textOf(port.get("published").get()), map));
                }
                out.add(port);
            } else {
                try {
                    PortSyntax.parse(textOf(item)).forEach(p -> out.add(from(p, item.location())));
                } catch (IllegalArgumentException e) {
                    ctx.fail(item, path.index(out.size()), e.getMessage());
                    out.add(item);
                }
            }
        }
        return Nodes.seq(out, value);
    }

    private static Node stringList(Node value, KeyPath path, Context ctx) {
        List<Node> items = value instanceof SeqNode seq ? seq.items() : List.of(value);
        return Nodes.seq(items.stream().map(i -> (Node) Nodes.text(textOf(i), i)).toList(), value);
    }

    private static Node volumes(Node value, KeyPath path, Context ctx) {
        var out = new ArrayList<Node>();
        for (Node item : ((SeqNode) value).items()) {
            MapNode volume;
            try {
                KeyPath at = path.index(out.size());
                volume = item instanceof MapNode m ? m : (MapNode) from(VolumeSyntax.parse(textOf(item), option ->
                        ctx.problems().warn(at + ": unknown volume option \"" + option + "\" in \"" + textOf(item)
                                + "\" is ignored, as docker compose ignores it")), item.location());
            } catch (IllegalArgumentException e) {
                ctx.fail(item, path.index(out.size()), e.getMessage());
                out.add(item);
                continue;
            }
            String type = volume.get("type").map(Nodes::textOf).orElse("volume");
            String source = volume.get("source").map(Nodes::textOf).orElse(null);
            if (type.equals("bind") && source != null && !source.startsWith("/")) {
                // compose joins relative sources onto the project (cleaning them) but keeps absolute ones as written
                volume = volume.with("source", Nodes.text(ctx.resolve(source).toString(), volume));
            }
            String target = volume.get("target").map(Nodes::textOf).orElse(null);
            if (target != null && target.length() > 1 && target.endsWith("/")) {
                volume = volume.with("target", Nodes.text(target.replaceAll("/+$", ""), volume));
            }
            Node tmpfsSize = volume.get("tmpfs").flatMap(t -> ((MapNode) t).get("size")).orElse(null);
            if (tmpfsSize != null) {
                MapNode tmpfs = (MapNode) volume.get("tmpfs").get();
                volume = volume.with("tmpfs", tmpfs.with("size", bytes(tmpfsSize, path, ctx)));
            }
            out.add(volume);
        }
        return Nodes.seq(out, value);
    }

    private static Node devices(Node value, KeyPath path, Context ctx) {
        var out = new ArrayList<Node>();
        for (Node item : ((SeqNode) value).items()) {
            if (item instanceof MapNode) {
                out.add(item);
                continue;
            }
            String[] parts = textOf(item).split(":");
            var device = new LinkedHashMap<String, Object>();
            device.put("source", parts[0]);
            device.put("target", parts.length > 1 ? parts[1] : parts[0]);
            device.put("permissions", parts.length > 2 ? parts[2] : "rwm");
            out.add(from(device, item.location()));
        }
        return Nodes.seq(out, value);
    }

    private static Node healthcheck(Node value, KeyPath path, Context ctx) {
        MapNode check = (MapNode) value;
        var test = check.get("test");
        if (test.isPresent() && test.get() instanceof ScalarNode s && s.isString()) {
            check = check.with("test", Nodes.seq(List.of(Nodes.text("CMD-SHELL", s), s), s));
        }
        for (String key : List.of("interval", "timeout", "start_period", "start_interval")) {
            var d = check.get(key);
            if (d.isPresent()) {
                try {
                    check = check.with(key, duration(d.get(), path.key(key), ctx));
                } catch (IllegalArgumentException e) {
                    ctx.fail(d.get(), path.key(key), e.getMessage());
                }
            }
        }
        return check;
    }

    private static Node duration(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s && !s.isNull()) {
            String text = s.value() instanceof Number n ? n + "s" : s.text();
            return Nodes.text(GoDuration.format(GoDuration.parse(text)), s);
        }
        return value;
    }

    private static Node bytes(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s && !s.isNull()) {
            long bytes = s.value() instanceof Number n ? n.longValue() : ByteSize.parse(s.text()).bytes();
            return Nodes.text(Long.toString(bytes), s);
        }
        return value;
    }

    /**
     * -1 is unlimited swap. Compose prints it as the text "-1" and then rejects its own output; we read it
     * back, as docker's {@code --memory-swap -1} does.
     */
    private static Node swapBytes(Node value, KeyPath path, Context ctx) {
        return value instanceof ScalarNode s && "-1".equals(s.text()) ? Nodes.text("-1", s) : bytes(value, path, ctx);
    }

    private static Node byteCount(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s && s.isString()) {
            return s.withValue(ByteSize.parse(s.text()).bytes());
        }
        return value;
    }

    private static Node number(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s && s.isString()) {
            try {
                return s.withValue(Double.parseDouble(s.text()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, got \"" + s.text() + "\"");
            }
        }
        return value;
    }

    private static Node deviceCount(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s && s.isString()) {
            if (s.text().equals("all")) {
                return s.withValue(-1L);
            }
            try {
                return s.withValue(Long.parseLong(s.text()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer or \"all\", got \"" + s.text() + "\"");
            }
        }
        return value;
    }

    /** The service-level {@code gpus:} (compose 2.30+): "all" or device requests, as reservations do. */
    private static Node gpus(Node value, KeyPath path, Context ctx) {
        if (value instanceof ScalarNode s) {
            return Nodes.seq(List.of(from(Map.of("count", -1L), s.location())), s);
        }
        var out = new ArrayList<Node>();
        for (Node item : ((SeqNode) value).items()) {
            MapNode gpu = (MapNode) item;
            var count = gpu.get("count");
            out.add(count.isPresent() ? gpu.with("count", deviceCount(count.get(), path, ctx)) : gpu);
        }
        return Nodes.seq(out, value);
    }

    private static Node networks(Node value, KeyPath path, Context ctx) {
        if (value instanceof SeqNode seq) {
            var out = new LinkedHashMap<String, Node>();
            seq.items().forEach(item -> out.put(textOf(item), Nodes.value(null, item.location())));
            return Nodes.map(out, value);
        }
        return value;
    }

    private static Node fileObjects(Node value, String defaultTargetDir) {
        var out = new ArrayList<Node>();
        for (Node item : ((SeqNode) value).items()) {
            MapNode ref = item instanceof MapNode m ? m : (MapNode) from(Map.of("source", textOf(item)), item.location());
            if (defaultTargetDir != null && !ref.has("target")) {
                ref = ref.with("target", Nodes.text(defaultTargetDir + textOf(ref.get("source").orElseThrow()), ref));
            }
            out.add(ref);
        }
        return Nodes.seq(out, value);
    }
}
