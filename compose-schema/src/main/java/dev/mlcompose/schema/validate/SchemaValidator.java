package dev.mlcompose.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.JsonTree;
import dev.mlcompose.schema.yaml.Location;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.SeqNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates one interpolated Compose document against the pinned Compose Specification schema
 * (compose-go {@code schema/compose-spec.json}, draft 2020-12) and reports problems at the offending
 * node's file:line:column. Of the errors at one place it keeps the most specific, as compose-go does.
 */
public final class SchemaValidator {

    /** Where the pinned schema lives; its {@code $id} is relative, so it is given a base here. */
    public static final String RESOURCE = "/dev/mlcompose/schema/compose-spec.json";

    /** mlcompose's own service extension, {@code x-mlcompose}: checked like the rest of the file. */
    public static final String MLCOMPOSE_RESOURCE = "/dev/mlcompose/schema/x-mlcompose.schema.json";

    private static final Map<String, Schema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private final String resource;
    private final PassedDocuments passed;

    /** The Compose Specification's validator. */
    public SchemaValidator() {
        this(RESOURCE);
    }

    /** Remembers what passed in the user's cache (see {@link PassedDocuments}). */
    public SchemaValidator(String resource) {
        this(resource, PassedDocuments.USER);
    }

    /** A validator that always validates, remembering nothing (to exercise it, say). */
    public static SchemaValidator withoutMemory(String resource) {
        return new SchemaValidator(resource, PassedDocuments.NONE);
    }

    SchemaValidator(String resource, PassedDocuments passed) {
        this.resource = resource;
        this.passed = passed;
    }

    public List<Problem> validate(Node document) {
        return validate(document, KeyPath.root());
    }

    /** Validates {@code document}, which sits at {@code base} in its file (the key paths reported start there). */
    public List<Problem> validate(Node document, KeyPath base) {
        JsonNode tree = JsonTree.of(document);
        String place = PassedDocuments.place(document.location().file(), base, resource);
        String digest = PassedDocuments.digest(resource, tree.toString());
        if (passed.passed(place, digest)) {
            return List.of();
        }
        var problems = problems(document, base, tree);
        if (problems.isEmpty()) {
            passed.remember(place, digest);
        }
        return problems;
    }

    private List<Problem> problems(Node document, KeyPath base, JsonNode tree) {
        var errors = SCHEMAS.computeIfAbsent(resource, SchemaValidator::load).validate(tree);
        var byPlace = new LinkedHashMap<String, Error>();
        for (Error error : errors) {
            String place = error.getInstanceLocation().toString() + "/" + nullToEmpty(error.getProperty());
            byPlace.merge(place, error, SchemaValidator::moreSpecific);
        }
        var problems = new ArrayList<Problem>();
        for (Error error : dropParentsOfDeeper(new ArrayList<>(byPlace.values()))) {
            problems.add(toProblem(document, base, error));
        }
        return problems;
    }

    /**
     * Within a union (oneOf/anyOf) the branches that failed at a shallower place are noise once one branch
     * names a deeper cause: "volumes[0].foo is not allowed" beats "volumes[0] must be a string".
     */
    private static List<Error> dropParentsOfDeeper(List<Error> errors) {
        var kept = new ArrayList<Error>();
        for (Error error : errors) {
            boolean inUnion = error.getEvaluationPath().toString().matches(".*(oneOf|anyOf).*");
            boolean hasDeeper = errors.stream().anyMatch(other -> other != error && depth(other) > depth(error)
                    && other.getInstanceLocation().startsWith(error.getInstanceLocation()));
            if (!(inUnion && hasDeeper)) {
                kept.add(error);
            }
        }
        return kept;
    }

    /** An error about a named property of an object sits one level below the object. */
    private static int depth(Error e) {
        return e.getInstanceLocation().getNameCount() + (e.getProperty() == null ? 0 : 1);
    }

    private static Error moreSpecific(Error a, Error b) {
        return rank(b) > rank(a) ? b : a;
    }

    /** At one place: a concrete rule beats the union's summary, which beats one branch's type mismatch. */
    private static int rank(Error e) {
        return switch (e.getKeyword()) {
            case "oneOf", "anyOf" -> 2;
            case "type" -> 1;
            default -> 3;
        };
    }

    private Problem toProblem(Node document, KeyPath base, Error error) {
        NodePath at = error.getInstanceLocation();
        KeyPath path = base;
        Node node = document;
        for (int i = 0; i < at.getNameCount(); i++) {
            Object element = at.getElement(i);
            if (element instanceof Integer index && node instanceof SeqNode seq && index < seq.items().size()) {
                path = path.index(index);
                node = seq.items().get(index);
            } else if (node instanceof MapNode map && map.has(String.valueOf(element))) {
                path = path.key(String.valueOf(element));
                node = map.get(String.valueOf(element)).orElseThrow();
            }
        }
        Location location = node.location();
        String property = error.getProperty();
        if (property != null && node instanceof MapNode map && map.has(property)) {
            location = map.keyLocation(property);
        }
        return Problem.at(location, path, SchemaMessages.describe(error, node));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Schema load(String resource) {
        try (InputStream in = SchemaValidator.class.getResourceAsStream(resource)) {
            JsonNode tree = new ObjectMapper().readTree(in);
            var registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            return registry.getSchema(SchemaLocation.of("classpath:" + resource), tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled schema " + resource, e);
        }
    }

    static Map<String, String> typeNames() {
        return Map.of("object", "mapping", "array", "sequence", "string", "string", "integer", "integer",
                "number", "number", "boolean", "boolean", "null", "null");
    }
}
