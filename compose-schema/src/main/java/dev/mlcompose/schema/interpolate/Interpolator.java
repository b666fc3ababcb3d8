package dev.mlcompose.schema.interpolate;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.Trees;
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
        return Trees.mapScalars(node, KeyPath.root(), this::visit);
    }

    private Node visit(ScalarNode scalar, KeyPath path) {
        if (!(scalar.value() instanceof String text) || text.indexOf('$') < 0) {
            return scalar; // unchanged, so that a node shared through aliases stays shared
        }
        try {
            var template = new Template(environment::get, name -> problems.warn(
                    "The \"" + name + "\" variable is not set. Defaulting to a blank string."));
            String result = template.substitute(text);
            return result.equals(text) ? scalar : scalar.withValue(result);
        } catch (TemplateException e) {
            problems.add(scalar, path, e.getMessage());
            return scalar;
        }
    }
}
