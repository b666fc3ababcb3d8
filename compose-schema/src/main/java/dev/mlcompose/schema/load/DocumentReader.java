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
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SourceText;
import dev.mlcompose.schema.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Phases 3 to 6 for one file: read YAML, interpolate, validate against the schema, cast typed values. */
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
        return read(file.toString(), text(file), environment);
    }

    MapNode read(String name, String text, Map<String, String> environment) {
        return resolve(parse(name, text), environment);
    }

    /** A file's YAML as written: nothing interpolated, validated or cast. */
    MapNode raw(Path file) {
        return parse(file.toString(), text(file));
    }

    MapNode raw(String name, String text) {
        return parse(name, text);
    }

    /**
     * A file that {@code extends} reads a service from. compose reads only the services it extends from there
     * (compose-go extends.go loads that file without validating it), so its null services are no error: they are
     * left out before validation. Everything else in it is checked as in any file.
     */
    MapNode readExtendsTarget(Path file, Map<String, String> environment) {
        MapNode doc = parse(file.toString(), text(file));
        var services = doc.get("services").filter(MapNode.class::isInstance).map(MapNode.class::cast);
        if (services.isPresent()) {
            var kept = new LinkedHashMap<>(services.get().entries());
            kept.values().removeIf(service -> service instanceof ScalarNode scalar && scalar.isNull());
            doc = doc.with("services", services.get().withEntries(kept));
        }
        return resolve(doc, environment);
    }

    private static String text(Path file) {
        try {
            return SourceText.read(file);
        } catch (IOException e) {
            throw new InvalidProjectException(new Problem(new Location(file.toString(), 0, 0), "",
                    "cannot read file: " + e.getMessage()));
        }
    }

    /** Phase 3: the file's YAML documents, merged into one. */
    private MapNode parse(String name, String text) {
        MapNode merged = null;
        for (Node document : yaml.read(name, text)) {
            if (!(document instanceof MapNode map)) {
                if (document instanceof ScalarNode s && s.isNull()) {
                    continue;
                }
                throw new InvalidProjectException(new Problem(document.location(), "",
                        "top-level object must be a mapping, got " + document.typeName()));
            }
            merged = merged == null ? map : (MapNode) Merger.merge(merged, map);
        }
        return merged == null ? MapNode.empty(new Location(name, 1, 1)) : merged;
    }

    /** Phases 4 to 6: interpolate, validate, cast. */
    private MapNode resolve(MapNode merged, Map<String, String> environment) {
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
