package dev.mlcompose.schema.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/** Converts located YAML nodes to Jackson trees, for the schema validator and for printing. */
public final class JsonTree {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonTree() {
    }

    /** The node as JSON; {@code !reset} entries are left out: they remove a value, they are none themselves. */
    public static JsonNode of(Node node) {
        if (node instanceof MapNode map) {
            ObjectNode object = F.objectNode();
            map.entries().forEach((k, v) -> {
                if (v.mergeTag() != Node.MergeTag.RESET) {
                    object.set(k, of(v));
                }
            });
            return object;
        }
        if (node instanceof SeqNode seq) {
            ArrayNode array = F.arrayNode();
            seq.items().forEach(item -> array.add(of(item)));
            return array;
        }
        Object value = ((ScalarNode) node).value();
        if (value == null) {
            return F.nullNode();
        }
        if (value instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (value instanceof Long l) {
            return F.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return F.numberNode(b);
        }
        if (value instanceof Double d) {
            return F.numberNode(d);
        }
        return F.textNode(value.toString());
    }
}
