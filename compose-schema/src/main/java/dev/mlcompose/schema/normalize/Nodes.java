package dev.mlcompose.schema.normalize;

import dev.mlcompose.schema.yaml.Location;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for canonical nodes; new nodes inherit the location of what they were made from. */
public final class Nodes {

    private Nodes() {
    }

    public static ScalarNode text(String value, Node from) {
        return ScalarNode.of(value, from.location());
    }

    public static ScalarNode value(Object value, Location at) {
        return ScalarNode.of(value, at);
    }

    public static SeqNode seq(List<? extends Node> items, Node from) {
        return SeqNode.of(List.copyOf(items), from.location());
    }

    public static MapNode map(Map<String, ? extends Node> entries, Node from) {
        return new MapNode(new LinkedHashMap<>(entries), Map.of(), from.location(), Node.MergeTag.NONE);
    }

    /** A scalar's text, or null for anything else. */
    public static String textOf(Node node) {
        return node instanceof ScalarNode s && !s.isNull() ? s.text() : null;
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.isNull();
    }

    /** Builds nodes from plain values (maps, lists, scalars), all located at {@code at}. */
    public static Node from(Object value, Location at) {
        if (value instanceof Node node) {
            return node;
        }
        if (value instanceof Map<?, ?> map) {
            var entries = new LinkedHashMap<String, Node>();
            map.forEach((k, v) -> entries.put(String.valueOf(k), from(v, at)));
            return new MapNode(entries, Map.of(), at, Node.MergeTag.NONE);
        }
        if (value instanceof List<?> list) {
            return SeqNode.of(list.stream().map(v -> from(v, at)).toList(), at);
        }
        return ScalarNode.of(value instanceof Integer i ? Long.valueOf(i) : value, at);
    }
}
