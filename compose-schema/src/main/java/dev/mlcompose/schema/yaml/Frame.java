package dev.mlcompose.schema.yaml;

import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Node.MergeTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** A mapping or sequence that {@link NodeComposer} is still reading, with its expanded size and height so far. */
final class Frame {

    /** What the next node read into a mapping is; sequences always take an item. */
    enum Expect { KEY, VALUE, MERGE, DISCARD, ITEM }

    private final Frame parent;
    private final Object segment;
    final boolean isMap;
    final Location location;
    final MergeTag tag;
    final Optional<String> anchor;
    final List<Node> items = new ArrayList<>();
    final LinkedHashMap<String, Node> entries = new LinkedHashMap<>();
    final LinkedHashMap<String, Location> keys = new LinkedHashMap<>();
    final List<MapNode> mergeSources = new ArrayList<>();
    Expect expects;
    String key;
    Location keyLocation;
    long size = 1;
    int height = 1;

    Frame(Frame parent, boolean isMap, Location location, MergeTag tag, Optional<String> anchor) {
        this.parent = parent;
        this.segment = parent == null ? null : parent.childSegment();
        this.isMap = isMap;
        this.location = location;
        this.tag = tag;
        this.anchor = anchor;
        this.expects = isMap ? Expect.KEY : Expect.ITEM;
    }

    /** The frame's own path, from the segments its ancestors read it for (computed only for messages). */
    KeyPath path() {
        var segments = new ArrayList<Object>();
        for (Frame f = this; f != null; f = f.parent) {
            if (f.segment != null) {
                segments.add(0, f.segment);
            }
        }
        var path = KeyPath.root();
        for (Object s : segments) {
            path = s instanceof Integer i ? path.index(i) : path.key((String) s);
        }
        return path;
    }

    KeyPath childPath() {
        Object s = childSegment();
        return s == null ? path() : s instanceof Integer i ? path().index(i) : path().key((String) s);
    }

    /** The next child's key or index; null where it is a key itself or a {@code <<} source (the mapping's path). */
    private Object childSegment() {
        return switch (expects) {
            case ITEM -> items.size();
            case VALUE, DISCARD -> key;
            default -> null;
        };
    }

    void add(Node node, long nodeSize, int nodeHeight) {
        if (isMap) {
            entries.put(key, node);
            keys.put(key, keyLocation);
            size += 1 + nodeSize;
            expects = Expect.KEY;
        } else {
            items.add(node);
            size += nodeSize;
        }
        height = Math.max(height, 1 + nodeHeight);
    }

    /** A {@code <<} value: a mapping, or a sequence of mappings, merged in when the frame ends. */
    void addMergeSource(Node node, Location at, List<Problem> problems) {
        expects = Expect.KEY;
        if (node instanceof MapNode map) {
            mergeSources.add(map);
        } else if (node instanceof SeqNode seq && seq.items().stream().allMatch(MapNode.class::isInstance)) {
            seq.items().forEach(item -> mergeSources.add((MapNode) item));
        } else {
            problems.add(new Problem(at, NodeComposer.shorten(path()),
                    "merge key << expects a mapping or a list of mappings, got " + node.typeName()));
        }
    }

    /** Reports a key that cannot be taken; its value is then read and dropped. */
    void discardValue(List<Problem> problems, Location at, String message) {
        discardValue(problems, at, NodeComposer.shorten(path()), message);
    }

    void discardValue(List<Problem> problems, Location at, String path, String message) {
        problems.add(new Problem(at, path, message));
        key = null;
        expects = Expect.DISCARD;
    }

    Node build() {
        return isMap ? new MapNode(entries, keys, location, tag) : new SeqNode(items, location, tag);
    }
}
