package dev.mlcompose.schema.yaml;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.yaml.Node.MergeTag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.util.MergeUtils;

/**
 * Reads YAML 1.2 text into {@link Node}s with their marks. Uses SnakeYAML Engine's node graph (not its
 * object constructor) so that marks survive, Compose's {@code !reset}/{@code !override} tags are kept, and
 * merge keys ({@code <<}) are resolved by the engine's own {@link MergeUtils}.
 */
public final class YamlReader {

    private static final Tag RESET = new Tag("!reset");
    private static final Tag OVERRIDE = new Tag("!override");

    private static final java.util.regex.Pattern LEGACY_OCTAL = java.util.regex.Pattern.compile("^[-+]?0[0-7]+$");

    private final CoreSchema schema = new CoreSchema();
    private final ScalarResolver resolver = schema.getScalarResolver();

    /** Reads every document of a file; an empty file gives an empty list. */
    public List<Node> read(String file, String text) {
        var settings = LoadSettings.builder().setLabel(file).setSchema(schema)
                .setAllowDuplicateKeys(true) // we report duplicates ourselves, with both locations
                .setMaxAliasesForCollections(10_000).setCodePointLimit(64 * 1024 * 1024).build();
        var problems = new ArrayList<Problem>();
        var documents = new ArrayList<Node>();
        try {
            for (var root : new Compose(settings).composeAllFromString(text)) {
                documents.add(convert(file, root, problems));
            }
        } catch (MarkedYamlEngineException e) {
            var mark = e.getProblemMark().or(e::getContextMark);
            throw new InvalidProjectException(new Problem(location(file, mark), "", yamlMessage(e)));
        } catch (YamlEngineException e) {
            throw new InvalidProjectException(new Problem(new Location(file, 0, 0), "", e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidProjectException(problems);
        }
        return documents;
    }

    private Node convert(String file, org.snakeyaml.engine.v2.nodes.Node node, List<Problem> problems) {
        var location = location(file, node.getStartMark());
        MergeTag tag = node.getTag().equals(RESET) ? MergeTag.RESET
                : node.getTag().equals(OVERRIDE) ? MergeTag.OVERRIDE : MergeTag.NONE;
        if (node instanceof MappingNode map) {
            return convertMap(file, map, location, tag, problems);
        }
        if (node instanceof SequenceNode seq) {
            var items = new ArrayList<Node>();
            for (var item : seq.getValue()) {
                items.add(convert(file, item, problems));
            }
            return new SeqNode(items, location, tag);
        }
        var scalar = (org.snakeyaml.engine.v2.nodes.ScalarNode) node;
        return new ScalarNode(scalarValue(scalar), location, tag);
    }

    private MapNode convertMap(String file, MappingNode map, Location location, MergeTag tag,
                               List<Problem> problems) {
        var entries = new LinkedHashMap<String, Node>();
        var keys = new LinkedHashMap<String, Location>();
        for (NodeTuple tuple : new Flattener().flatten(map)) {
            var keyNode = tuple.getKeyNode();
            var keyLocation = location(file, keyNode.getStartMark());
            if (!(keyNode instanceof org.snakeyaml.engine.v2.nodes.ScalarNode scalarKey)) {
                problems.add(new Problem(keyLocation, "", "mapping keys must be scalars"));
                continue;
            }
            // Compose turns keys such as `true` or `1` into their text (compose-go parsing.md phase 2).
            String key = scalarKey.getValue();
            if (entries.containsKey(key) && !map.hasMergeTag()) {
                problems.add(new Problem(keyLocation, key, "duplicate key '" + key + "' (first defined at "
                        + keys.get(key) + ")"));
                continue;
            }
            entries.put(key, convert(file, tuple.getValueNode(), problems));
            keys.put(key, keyLocation);
        }
        return new MapNode(entries, keys, location, tag);
    }

    private Object scalarValue(org.snakeyaml.engine.v2.nodes.ScalarNode scalar) {
        if (scalar.isPlain() && LEGACY_OCTAL.matcher(scalar.getValue()).matches()) {
            // go-yaml (compose) reads 0440 as octal, as YAML 1.1 did; file modes are written that way
            return Long.parseLong(scalar.getValue().replaceFirst("^([-+]?)0", "$1"), 8);
        }
        Tag tag = scalar.getTag();
        if (tag.equals(RESET) || tag.equals(OVERRIDE)) {
            tag = resolver.resolve(scalar.getValue(), scalar.isPlain());
        }
        var construct = schema.getSchemaTagConstructors().get(tag);
        if (construct == null || tag.equals(Tag.STR)) {
            return scalar.getValue();
        }
        Object value = construct.construct(scalar);
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    private static Location location(String file, Optional<Mark> mark) {
        return mark.map(m -> new Location(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Location(file, 0, 0));
    }

    private static String yamlMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        return "invalid YAML: " + context + problem;
    }

    /** Resolves merge keys; later explicit keys win over merged ones, as YAML's merge spec says. */
    private static final class Flattener extends MergeUtils {
        @Override
        public MappingNode asMappingNode(org.snakeyaml.engine.v2.nodes.Node node) {
            if (node instanceof MappingNode map) {
                return map;
            }
            throw new YamlEngineException("merge key << expects a mapping or a list of mappings");
        }
    }
}
