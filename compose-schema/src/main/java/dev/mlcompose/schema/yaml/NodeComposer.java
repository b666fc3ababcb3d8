package dev.mlcompose.schema.yaml;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Node.MergeTag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Builds located {@link Node}s from SnakeYAML's parser events with a stack of its own, so that no file can drive
 * it past the thread's stack. An alias becomes the very node its anchor named (nodes are immutable), so memory
 * follows the text; the {@link YamlLimits} are counted on the tree as later phases walk it, every alias and merge
 * key expanded, and checked before each alias or merge is taken in. A cycle through an alias or {@code <<} is
 * reported with both paths, as compose-go's loader reports it.
 */
final class NodeComposer {

    /** The expanded size (nodes, keys included) and height (nested collections) of a node. */
    private record Measure(long size, int height) {
        static final Measure SCALAR = new Measure(1, 0);
    }

    private final String file;
    private final YamlLimits limits;
    private final ScalarValues scalars;
    private final List<Problem> problems = new ArrayList<>();
    private final Deque<Frame> open = new ArrayDeque<>();
    /** Anchor name to its node, or to its {@link Frame} while the node is still being read. */
    private final Map<String, Object> anchors = new HashMap<>();
    private final Map<Node, Measure> measures = new IdentityHashMap<>();
    private final List<Node> documents = new ArrayList<>();
    private long expanded;

    NodeComposer(String file, YamlLimits limits, ScalarValues scalars) {
        this.file = file;
        this.limits = limits;
        this.scalars = scalars;
    }

    List<Node> compose(Iterable<Event> events) {
        for (Event event : events) {
            switch (event.getEventId()) {
                case DocumentStart -> anchors.clear(); // anchors never reach into another document
                case MappingStart, SequenceStart -> start((CollectionStartEvent) event);
                case MappingEnd, SequenceEnd -> end();
                case Scalar -> scalar((ScalarEvent) event);
                case Alias -> alias((AliasEvent) event);
                default -> { }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }
        return documents;
    }

    private void start(CollectionStartEvent event) {
        Location at = location(event.getStartMark());
        if (open.size() + 1 > limits.maxDepth()) {
            stop(at, this::childPath, "exceeded max depth of " + limits.maxDepth() + " nested mappings and sequences");
        }
        count(1, at, this::childPath, "");
        var frame = new Frame(open.peek(), event.getEventId() == Event.ID.MappingStart, at,
                mergeTag(event.getTag()), anchorOf(event));
        frame.anchor.ifPresent(name -> anchors.put(name, frame));
        open.push(frame);
    }

    private void end() {
        Frame frame = open.pop();
        mergeInto(frame);
        Node node = frame.build();
        var measure = new Measure(frame.size, frame.height);
        measures.put(node, measure);
        frame.anchor.filter(name -> anchors.get(name) == frame).ifPresent(name -> anchors.put(name, node));
        attach(node, measure, node.location());
    }

    private void scalar(ScalarEvent event) {
        Location at = location(event.getStartMark());
        count(1, at, this::childPath, "");
        Frame top = open.peek();
        if (top != null && top.expects == Frame.Expect.KEY) {
            key(top, scalars.isMergeKey(event) ? null : event.getValue(), at);
            anchorOf(event).ifPresent(name -> anchors.put(name, ScalarNode.of(event.getValue(), at)));
            return;
        }
        Object value;
        try {
            value = scalars.value(event);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(at, shorten(childPath()), e.getMessage()));
            value = event.getValue();
        }
        var node = new ScalarNode(value, at, mergeTag(event.getTag()));
        anchorOf(event).ifPresent(name -> anchors.put(name, node));
        attach(node, Measure.SCALAR, at);
    }

    private void alias(AliasEvent event) {
        Location at = location(event.getStartMark());
        String name = event.getAlias().getValue();
        Object target = anchors.get(name);
        if (target == null) {
            stop(at, this::childPath, "unknown anchor '" + name + "' referenced");
        }
        if (target instanceof Frame frame) {
            stop(at, this::childPath, "cycle detected: alias *" + name + " references node at path "
                    + describe(frame.path()) + ", which contains it");
        }
        Node node = (Node) target;
        Measure measure = measure(node);
        if (open.size() + measure.height() > limits.maxDepth()) {
            stop(at, this::childPath, "alias *" + name + " nests mappings and sequences deeper than the max depth of "
                    + limits.maxDepth());
        }
        Frame top = open.peek();
        if (top != null && top.expects == Frame.Expect.KEY) {
            if (node instanceof ScalarNode s) {
                key(top, s.text(), at);
            } else {
                top.discardValue(problems, at, "mapping keys must be scalars");
            }
            return;
        }
        if (top == null || top.expects != Frame.Expect.MERGE) {
            count(measure.size(), at, this::childPath, "alias *" + name + " stands for " + measure.size() + " nodes and ");
        }
        attach(node, measure, at);
    }

    /** A key read from a scalar: {@code null} for the merge key {@code <<}. */
    private void key(Frame map, String key, Location at) {
        if (key == null) {
            map.expects = Frame.Expect.MERGE;
        } else if (map.entries.containsKey(key)) {
            map.discardValue(problems, at, key, "duplicate key '" + key + "' (first defined at "
                    + map.keys.get(key) + ")");
        } else {
            map.key = key;
            map.keyLocation = at;
            map.expects = Frame.Expect.VALUE;
        }
    }

    /** Puts a node read at {@code at} (an alias's own place, not its anchor's) into the open collection. */
    private void attach(Node node, Measure measure, Location at) {
        Frame top = open.peek();
        if (top == null) {
            documents.add(node);
            return;
        }
        switch (top.expects) {
            case KEY -> top.discardValue(problems, at, "mapping keys must be scalars");
            case MERGE -> top.addMergeSource(node, at, problems);
            case DISCARD -> top.expects = Frame.Expect.KEY;
            default -> top.add(node, measure.size(), measure.height());
        }
    }

    /** Takes in the keys of the frame's {@code <<} sources that it does not set itself; the first source wins. */
    private void mergeInto(Frame frame) {
        for (MapNode source : frame.mergeSources) {
            for (var entry : source.entries().entrySet()) {
                if (frame.entries.containsKey(entry.getKey())) {
                    continue;
                }
                Measure measure = measure(entry.getValue());
                if (open.size() + 1 + measure.height() > limits.maxDepth()) {
                    stop(frame.location, frame::path, "merge key << nests mappings and sequences deeper than the"
                            + " max depth of " + limits.maxDepth());
                }
                count(1 + measure.size(), frame.location, frame::path, "merge key << ");
                frame.key = entry.getKey();
                frame.keyLocation = source.keyLocation(entry.getKey());
                frame.add(entry.getValue(), measure.size(), measure.height());
            }
        }
    }

    private void count(long nodes, Location at, Supplier<KeyPath> path, String cause) {
        expanded += nodes;
        if (expanded > limits.maxNodes()) {
            stop(at, path, cause.isEmpty() ? "the file has more than " + limits.maxNodes() + " YAML nodes, the most"
                    + " mlcompose reads" : cause + "takes the file past " + limits.maxNodes() + " YAML nodes, the"
                    + " most mlcompose reads (aliases and merge keys count as expanded)");
        }
    }

    private Measure measure(Node node) {
        return node instanceof ScalarNode ? Measure.SCALAR : measures.get(node);
    }

    /** Where the next node goes: the open collection's path, plus the key or index it is read for. */
    private KeyPath childPath() {
        Frame top = open.peek();
        return top == null ? KeyPath.root() : top.childPath();
    }

    /** Ends the read: what follows could not be built, or would cost what the limits are there to prevent. */
    private void stop(Location at, Supplier<KeyPath> path, String message) {
        problems.add(new Problem(at, shorten(path.get()), message));
        throw new InvalidProjectException(problems);
    }

    private Location location(Optional<Mark> mark) {
        return mark.map(m -> new Location(file, m.getLine() + 1, m.getColumn() + 1)).orElse(new Location(file, 1, 1));
    }

    private static Optional<String> anchorOf(NodeEvent event) {
        return event.getAnchor().map(a -> a.getValue());
    }

    private static MergeTag mergeTag(Optional<String> tag) {
        return tag.map(t -> t.equals(ScalarValues.RESET.getValue()) ? MergeTag.RESET
                : t.equals(ScalarValues.OVERRIDE.getValue()) ? MergeTag.OVERRIDE : MergeTag.NONE).orElse(MergeTag.NONE);
    }

    private static String describe(KeyPath path) {
        return path.size() == 0 ? "(the document)" : shorten(path);
    }

    /** A path of a thousand levels would not fit on a line: its first levels stand for it. */
    static String shorten(KeyPath path) {
        if (path.size() <= 12) {
            return path.toString();
        }
        var head = KeyPath.root();
        for (int i = 0; i < 8; i++) {
            head = path.isIndex(i) ? head.index(Integer.parseInt(path.segment(i))) : head.key(path.segment(i));
        }
        return head + "…(" + path.size() + " levels)";
    }
}
