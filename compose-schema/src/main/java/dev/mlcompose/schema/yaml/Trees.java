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
     * them before interpolation). A subtree in which {@code f} changed nothing is returned as it was, so that a
     * node shared through aliases stays one node in memory (the walk itself still visits each of its places,
     * since paths differ).
     */
    public static Node mapScalars(Node node, KeyPath path, BiFunction<ScalarNode, KeyPath, Node> f) {
        if (node.mergeTag() == Node.MergeTag.RESET) {
            return node;
        }
        if (node instanceof MapNode map) {
            var entries = new LinkedHashMap<String, Node>();
            boolean changed = false;
            for (var entry : map.entries().entrySet()) {
                Node mapped = mapScalars(entry.getValue(), path.key(entry.getKey()), f);
                changed |= mapped != entry.getValue();
                entries.put(entry.getKey(), mapped);
            }
            return changed ? map.withEntries(entries) : map;
        }
        if (node instanceof SeqNode seq) {
            var items = new ArrayList<Node>(seq.items().size());
            boolean changed = false;
            for (int i = 0; i < seq.items().size(); i++) {
                Node mapped = mapScalars(seq.items().get(i), path.index(i), f);
                changed |= mapped != seq.items().get(i);
                items.add(mapped);
            }
            return changed ? seq.withItems(items) : seq;
        }
        return f.apply((ScalarNode) node, path);
    }
}
