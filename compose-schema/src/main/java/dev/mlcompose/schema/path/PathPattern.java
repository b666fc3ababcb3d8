package dev.mlcompose.schema.path;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern over {@link KeyPath}s for rule tables: {@code *} matches any key, {@code []} any index,
 * e.g. {@code services.*.ports[]} or {@code services.*.deploy.resources.limits.memory}.
 */
public record PathPattern(List<String> tokens, String text) {

    public static PathPattern of(String text) {
        var tokens = new ArrayList<String>();
        for (String part : text.split("\\.")) {
            String name = part;
            int brackets = 0;
            while (name.endsWith("[]")) {
                name = name.substring(0, name.length() - 2);
                brackets++;
            }
            tokens.add(name);
            for (int i = 0; i < brackets; i++) {
                tokens.add("[]");
            }
        }
        return new PathPattern(List.copyOf(tokens), text);
    }

    public boolean matches(KeyPath path) {
        if (path.size() != tokens.size()) {
            return false;
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean ok = switch (token) {
                case "[]" -> path.isIndex(i);
                case "*" -> !path.isIndex(i);
                default -> !path.isIndex(i) && token.equals(path.segment(i));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
