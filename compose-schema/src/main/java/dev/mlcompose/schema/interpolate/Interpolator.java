package dev.mlcompose.schema.interpolate;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Interpolates every string value of a document, never keys (compose-spec 12-interpolation.md), keeping
 * each node's location so that later errors still point into the file.
 */
public final class Interpolator {

    private final Map<String, String> environment;
    private final Problems problems;

    public Interpolator(Map<String, String> environment, Problems problems) {
        this.environment = environment;
        this.problems = problems;
    }

    public Node interpolate(Node node) {
        return visit(node, KeyPath.root());
    }

    private Node visit(Node node, KeyPath path) {
        if (node instanceof MapNode map) {
            var entries = new LinkedHashMap<String, Node>();
            map.entries().forEach((key, value) -> entries.put(key, visit(value, path.key(key))));
            return map.withEntries(entries);
        }
        if (node instanceof SeqNode seq) {
            var items = new java.util.ArrayList<Node>();
            for (int i = 0; i < seq.items().size(); i++) {
                items.add(visit(seq.items().get(i), path.index(i)));
            }
            return seq.withItems(items);
        }
        var scalar = (ScalarNode) node;
        if (!(scalar.value() instanceof String text)) {
            return scalar;
        }
        try {
            var template = new Template(environment::get, name -> problems.warn(
                    "The \"" + name + "\" variable is not set. Defaulting to a blank string."));
            return scalar.withValue(template.substitute(text));
        } catch (TemplateException e) {
            problems.add(scalar, path, e.getMessage());
            return scalar;
        }
    }
}
