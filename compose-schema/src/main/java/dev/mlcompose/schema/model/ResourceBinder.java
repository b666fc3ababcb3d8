package dev.mlcompose.schema.model;

import static dev.mlcompose.schema.model.Values.bool;
import static dev.mlcompose.schema.model.Values.labels;
import static dev.mlcompose.schema.model.Values.map;
import static dev.mlcompose.schema.model.Values.maps;
import static dev.mlcompose.schema.model.Values.optionalBool;
import static dev.mlcompose.schema.model.Values.strings;
import static dev.mlcompose.schema.model.Values.text;

import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.ScalarNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** Binds the top-level networks, volumes, secrets and configs. */
final class ResourceBinder {

    private ResourceBinder() {
    }

    static Map<String, Network> networks(MapNode doc) {
        return each(doc, "networks", (key, n) -> new Network(key, name(key, n), external(n), labels(n, "labels"),
                text(n, "driver"), strings(map(n, "driver_opts")), bool(n, "internal"), bool(n, "attachable"),
                optionalBool(n, "enable_ipv6"), n.get("ipam").map(i -> ipam((MapNode) i))));
    }

    static Map<String, Volume> volumes(MapNode doc) {
        return each(doc, "volumes", (key, v) -> new Volume(key, name(key, v), external(v), labels(v, "labels"),
                text(v, "driver"), strings(map(v, "driver_opts"))));
    }

    static Map<String, FileObject> fileObjects(MapNode doc, String kind) {
        return each(doc, kind, (key, f) -> new FileObject(key, name(key, f), external(f), labels(f, "labels"),
                text(f, "file"), text(f, "environment"), text(f, "content")));
    }

    private static Network.Ipam ipam(MapNode ipam) {
        return new Network.Ipam(text(ipam, "driver"), maps(ipam, "config").stream().map(pool -> new Network.Pool(
                text(pool, "subnet"), text(pool, "ip_range"), text(pool, "gateway"),
                strings(map(pool, "aux_addresses")))).toList(), strings(map(ipam, "options")));
    }

    private static <R> Map<String, R> each(MapNode doc, String kind, BiFunction<String, MapNode, R> bind) {
        var out = new LinkedHashMap<String, R>();
        map(doc, kind).entries().forEach((key, node) -> out.put(key, bind.apply(key, (MapNode) node)));
        return out;
    }

    private static String name(String key, MapNode resource) {
        return text(resource, "name").orElse(key);
    }

    /** {@code external: {name: x}} is the legacy form. */
    private static boolean external(MapNode resource) {
        return resource.get("external").map(e -> e instanceof MapNode
                || Boolean.TRUE.equals(((ScalarNode) e).value())).orElse(false);
    }
}
