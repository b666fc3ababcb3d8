package dev.mlcompose.schema.yaml;

/**
 * An immutable YAML node that remembers where it was written, so that every later phase
 * (interpolation, merge, validation, normalization) can still point at file:line:column.
 */
public sealed interface Node permits MapNode, SeqNode, ScalarNode {

    Location location();

    /** The Compose merge tag on this node ({@code !reset}, {@code !override}), or {@link MergeTag#NONE}. */
    MergeTag mergeTag();

    Node withMergeTag(MergeTag tag);

    /** A short human name for the node's type, as used in error messages. */
    String typeName();

    /** Compose's own YAML tags that steer how files are merged. */
    enum MergeTag { NONE, RESET, OVERRIDE }
}
