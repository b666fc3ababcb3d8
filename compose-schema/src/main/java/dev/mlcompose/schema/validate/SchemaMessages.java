package dev.mlcompose.schema.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import dev.mlcompose.schema.yaml.JsonTree;
import dev.mlcompose.schema.yaml.Node;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns validator errors into short messages in compose-go's words ("must be a string or mapping"). */
final class SchemaMessages {

    private SchemaMessages() {
    }

    static String describe(Error error, Node node) {
        JsonNode schema = error.getSchemaNode();
        return switch (error.getKeyword()) {
            case "additionalProperties", "unevaluatedProperties" ->
                    "unknown key '" + error.getProperty() + "' (not allowed here)";
            case "type" -> "must be " + article(types(schema)) + ", got " + node.typeName();
            case "oneOf", "anyOf" -> "must be " + article(branchTypes(schema)) + ", got " + node.typeName();
            case "required" -> "missing required key '" + error.getProperty() + "'";
            case "enum" -> "must be one of " + schema + ", got " + JsonTree.of(node);
            case "pattern" -> schema != null && schema.asText().contains("(ns|us")
                    ? "must be a duration such as 90s, 5m or 1h30m, got " + JsonTree.of(node)
                    : schema != null && schema.asText().equals("^/")
                    ? "must be an absolute path in the container, got " + JsonTree.of(node)
                    : error.getMessage().replaceFirst("^\\S+: ", "");
            case "patternProperties", "propertyNames" -> error.getMessage()
                    .replaceFirst("^\\S+: ", "");
            default -> error.getMessage().replaceFirst("^\\S+: ", "");
        };
    }

    private static Set<String> types(JsonNode typeNode) {
        var out = new LinkedHashSet<String>();
        if (typeNode == null) {
            return out;
        }
        if (typeNode.isArray()) {
            typeNode.forEach(t -> out.add(SchemaValidator.typeNames().getOrDefault(t.asText(), t.asText())));
        } else if (typeNode.isTextual()) {
            out.add(SchemaValidator.typeNames().getOrDefault(typeNode.asText(), typeNode.asText()));
        } else if (typeNode.has("type")) {
            out.addAll(types(typeNode.get("type")));
        }
        return out;
    }

    private static Set<String> branchTypes(JsonNode branches) {
        var out = new LinkedHashSet<String>();
        if (branches != null && branches.isArray()) {
            branches.forEach(branch -> out.addAll(types(branch.get("type"))));
        }
        if (out.isEmpty()) {
            out.add("one of the allowed forms");
        }
        return out;
    }

    private static String article(Set<String> types) {
        List<String> list = new ArrayList<>(types);
        if (list.isEmpty()) {
            return "a value of another type";
        }
        String first = list.get(0);
        String head = (first.matches("^[aeiou].*") ? "an " : "a ") + String.join(", ", list.subList(0, list.size() - 1));
        return list.size() == 1 ? (first.matches("^[aeiou].*") ? "an " : "a ") + first
                : head + " or " + list.get(list.size() - 1);
    }
}
