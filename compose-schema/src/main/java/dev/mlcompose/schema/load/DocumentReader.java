package dev.mlcompose.schema.load;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.interpolate.Interpolator;
import dev.mlcompose.schema.merge.Merger;
import dev.mlcompose.schema.normalize.Casts;
import dev.mlcompose.schema.validate.SchemaValidator;
import dev.mlcompose.schema.yaml.Location;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.SourceText;
import dev.mlcompose.schema.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Phases 1 to 5 for one file: read YAML, interpolate, validate against the schema, cast typed values. */
final class DocumentReader {

    private final YamlReader yaml = new YamlReader();
    private final SchemaValidator validator = new SchemaValidator();
    private final boolean interpolate;
    private final Problems problems;

    DocumentReader(boolean interpolate, Problems problems) {
        this.interpolate = interpolate;
        this.problems = problems;
    }

    MapNode read(Path file, Map<String, String> environment) {
        try {
            return read(file.toString(), SourceText.read(file), environment);
        } catch (IOException e) {
            throw new InvalidProjectException(new Problem(new Location(file.toString(), 0, 0), "",
                    "cannot read file: " + e.getMessage()));
        }
    }

    MapNode read(String name, String text, Map<String, String> environment) {
        MapNode merged = null;
        for (Node document : yaml.read(name, text)) {
            if (!(document instanceof MapNode map)) {
                if (document instanceof dev.mlcompose.schema.yaml.ScalarNode s && s.isNull()) {
                    continue;
                }
                throw new InvalidProjectException(new Problem(document.location(), "",
                        "top-level object must be a mapping, got " + document.typeName()));
            }
            merged = merged == null ? map : (MapNode) Merger.merge(merged, map);
        }
        if (merged == null) {
            merged = MapNode.empty(new Location(name, 1, 1));
        }
        Node doc = interpolate ? new Interpolator(environment, problems).interpolate(merged) : merged;
        problems.throwIfAny();
        if (interpolate) {
            validator.validate(doc).forEach(problems::add);
            problems.throwIfAny();
            doc = new Casts(problems).apply(doc);
        }
        return (MapNode) doc;
    }
}
