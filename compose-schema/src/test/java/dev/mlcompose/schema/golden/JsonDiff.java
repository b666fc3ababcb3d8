package dev.mlcompose.schema.golden;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/** Lists where two JSON trees differ, one path per line, for readable golden-test failures. */
final class JsonDiff {

    private JsonDiff() {
    }

    static String between(JsonNode actual, JsonNode expected) {
        var out = new StringBuilder();
        diff(actual, expected, "", out);
        return out.toString();
    }

    private static void diff(JsonNode a, JsonNode e, String path, StringBuilder out) {
        if (a.isNumber() && e.isNumber() && a.decimalValue().compareTo(e.decimalValue()) == 0) {
            return;
        }
        if (a.isObject() && e.isObject()) {
            var keys = new TreeSet<String>();
            a.fieldNames().forEachRemaining(keys::add);
            e.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!a.has(k)) {
                    out.append("  missing ").append(path).append('.').append(k).append(" = ").append(e.get(k)).append('\n');
                } else if (!e.has(k)) {
                    out.append("  extra   ").append(path).append('.').append(k).append(" = ").append(a.get(k)).append('\n');
                } else {
                    diff(a.get(k), e.get(k), path + "." + k, out);
                }
            }
        } else if (a.isArray() && e.isArray() && a.size() == e.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), e.get(i), path + "[" + i + "]", out);
            }
        } else if (!a.equals(e)) {
            out.append("  differs ").append(path).append(": ours ").append(a).append(", compose ").append(e).append('\n');
        }
    }
}
