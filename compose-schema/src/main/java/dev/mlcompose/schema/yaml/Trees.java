package dev.mlcompose.schema.yaml;

import dev.mlcompose.schema.path.KeyPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.function.BiFunction;

/** Whole-tree operations on located nodes. */
public final class Trees {

    private Trees() {
    }

    /**
     * Rebuilds {@code node} with every scalar replaced by {@code f(scalar, its key path)}; keys are untouched, and
     * so are {@code !reset} values, which only remove what earlier files set (compose-go's ResetProcessor drops
     * them before interpolation).
     */
    public static Node mapScalars(Node node, KeyPath path, BiFunction<ScalarNode, KeyPath, Node> f) {
        if (node.mergeTag() == Node.MergeTag.RESET) {
            return node;
        }
        if (node instanceof MapNode map) {
            var entries = new LinkedHashMap<String, Node>();
            map.entries().forEach((k, v) -> entries.put(k, mapScalars(v, path.key(k), f)));
            return map.withEntries(entries);
        }
        if (node instanceof SeqNode seq) {
            var items = new ArrayList<Node>();
            for (int i = 0; i < seq.items().size(); i++) {
                items.add(mapScalars(seq.items().get(i), path.index(i), f));
            }
            return seq.withItems(items);
        }
        return f.apply((ScalarNode) node, path);
    }
}
