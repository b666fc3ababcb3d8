package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;

/** The small JSON shapes every Swarm spec is made of. */
final class Trees {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Trees() {
    }

    /** Sets a boolean field only when true, as the API's own defaults are false. */
    static void flag(ObjectNode node, String field, boolean value) {
        if (value) {
            node.put(field, true);
        }
    }

    static ObjectNode strings(Map<String, String> map) {
        var out = JSON.objectNode();
        map.forEach(out::put);
        return out;
    }

    static ArrayNode texts(Collection<String> items) {
        var out = JSON.arrayNode();
        items.forEach(out::add);
        return out;
    }
}
