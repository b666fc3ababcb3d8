package dev.mlcompose.schema.yaml;

import java.util.List;

/** A YAML sequence. */
public record SeqNode(List<Node> items, Location location, MergeTag mergeTag) implements Node {

    public SeqNode {
        items = List.copyOf(items);
    }

    public static SeqNode of(List<Node> items, Location location) {
        return new SeqNode(items, location, MergeTag.NONE);
    }

    public SeqNode withItems(List<Node> newItems) {
        return new SeqNode(newItems, location, mergeTag);
    }

    @Override
    public SeqNode withMergeTag(MergeTag tag) {
        return new SeqNode(items, location, tag);
    }

    @Override
    public String typeName() {
        return "sequence";
    }
}
