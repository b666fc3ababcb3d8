package dev.mlcompose.schema.model;

import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of the canonical, validated document, for the binders. An absent key is empty; the shapes are the
 * canonical ones, so a read never has to guess between syntaxes.
 */
final class Values {

    private Values() {
    }

    static MapNode map(MapNode node, String key) {
        return node.get(key).filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .orElse(MapNode.empty(node.location()));
    }

    static List<Node> list(MapNode node, String key) {
        return node.get(key).filter(SeqNode.class::isInstance).map(s -> ((SeqNode) s).items()).orElse(List.of());
    }

    static List<MapNode> maps(MapNode node, String key) {
        return list(node, key).stream().filter(MapNode.class::isInstance).map(MapNode.class::cast).toList();
    }

    static Optional<String> text(MapNode node, String key) {
        return node.get(key).map(Values::text);
    }

    /** A scalar's text; null for a null scalar or anything that is not a scalar. */
    static String text(Node node) {
        return node instanceof ScalarNode s && !s.isNull() ? s.text() : null;
    }

    static List<String> texts(MapNode node, String key) {
        return list(node, key).stream().map(Values::text).toList();
    }

    static Optional<List<String>> optionalTexts(MapNode node, String key) {
        return node.get(key).filter(SeqNode.class::isInstance).map(s -> texts(node, key));
    }

    /** A mapping of strings; entries without a value (unset variables) are left out. */
    static Map<String, String> strings(MapNode node) {
        var out = new LinkedHashMap<String, String>();
        node.entries().forEach((k, v) -> {
            String value = text(v);
            if (value != null) {
                out.put(k, value);
            }
        });
        return out;
    }

    /** Labels as a map, from the map form or the {@code KEY=VALUE} list form. */
    static Map<String, String> labels(MapNode node, String key) {
        if (node.get(key).orElse(null) instanceof SeqNode) {
            var out = new LinkedHashMap<String, String>();
            texts(node, key).forEach(entry -> {
                int eq = entry.indexOf('=');
                out.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            });
            return out;
        }
        return strings(map(node, key));
    }

    /** A whole number, also from the text a size or a quoted number is printed as. */
    static Optional<Long> number(MapNode node, String key) {
        return node.get(key).map(n -> ((ScalarNode) n).value()).flatMap(v -> v instanceof Number n
                ? Optional.of(n.longValue()) : v instanceof String s && s.matches("-?\\d+")
                ? Optional.of(Long.parseLong(s)) : Optional.empty());
    }

    static Optional<Double> decimal(MapNode node, String key) {
        return node.get(key).map(n -> ((ScalarNode) n).value()).filter(Number.class::isInstance)
                .map(n -> ((Number) n).doubleValue());
    }

    static boolean bool(MapNode node, String key) {
        return node.get(key).map(n -> Boolean.TRUE.equals(((ScalarNode) n).value())).orElse(false);
    }

    static Optional<Boolean> optionalBool(MapNode node, String key) {
        return node.get(key).map(n -> ((ScalarNode) n).value()).filter(Boolean.class::isInstance)
                .map(Boolean.class::cast);
    }

    static Optional<Duration> duration(MapNode node, String key) {
        return text(node, key).map(GoDuration::parse);
    }

    /** Sizes are byte counts by now (the canonical form); {@code memswap_limit: -1} (unlimited) is one too. */
    static Optional<ByteSize> bytes(MapNode node, String key) {
        return number(node, key).map(ByteSize::new);
    }
}
