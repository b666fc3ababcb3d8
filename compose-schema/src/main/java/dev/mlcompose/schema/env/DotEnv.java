package dev.mlcompose.schema.env;

import dev.mlcompose.schema.interpolate.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parses {@code .env} and {@code env_file} files in Compose's dialect (compose-go dotenv): {@code KEY=VALUE},
 * an optional {@code export} prefix, {@code #} comments, single quotes literal, double quotes with escapes
 * and interpolation, unquoted values trimmed and interpolated. A variable in a value is looked up in
 * {@code lookup} first, then among the file's earlier entries. A bare {@code KEY} takes its value from
 * {@code lookup} and is left out when that has none.
 */
public final class DotEnv {

    private final String text;
    private final Function<String, String> lookup;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Template template;
    private int pos;

    private DotEnv(String text, Function<String, String> lookup) {
        this.text = text.replace("\r\n", "\n");
        this.lookup = lookup;
        // the caller's environment first, then this file's own values: compose-go dotenv's expandVariables
        this.template = new Template(name -> {
            String inherited = lookup.apply(name);
            return inherited != null ? inherited : values.get(name);
        }, name -> { });
    }

    /** @throws IllegalArgumentException naming the line of a malformed entry */
    public static Map<String, String> parse(String text, Function<String, String> lookup) {
        var parser = new DotEnv(text, lookup);
        parser.parseAll();
        return parser.values;
    }

    private void parseAll() {
        while (pos < text.length()) {
            String line = text.substring(pos, lineEnd(pos)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                pos = lineEnd(pos) + 1;
                continue;
            }
            int eq = text.indexOf('=', pos);
            if (eq < 0 || eq > lineEnd(pos)) {
                bare(line);
                pos = lineEnd(pos) + 1;
                continue;
            }
            String key = text.substring(pos, eq).strip();
            if (key.startsWith("export ")) {
                key = key.substring("export ".length()).strip();
            }
            if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("line " + lineNumber() + ": invalid variable name '" + key + "'");
            }
            pos = eq + 1;
            values.put(key, value());
            pos = lineEnd(pos) + 1;
        }
    }

    private void bare(String line) {
        String name = line.startsWith("export ") ? line.substring(7).strip() : line;
        String inherited = lookup.apply(name);
        if (inherited != null) {
            values.put(name, inherited);
        }
    }

    private String value() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '\'') {
            int close = text.indexOf('\'', pos + 1);
            if (close < 0) {
                throw new IllegalArgumentException("line " + lineNumber() + ": unterminated single-quoted value");
            }
            String literal = text.substring(pos + 1, close);
            pos = close + 1;
            return literal;
        }
        if (pos < text.length() && text.charAt(pos) == '"') {
            return doubleQuoted();
        }
        String raw = text.substring(pos, lineEnd(pos));
        int comment = raw.indexOf(" #");
        pos = lineEnd(pos);
        return template.substitute((comment >= 0 ? raw.substring(0, comment) : raw).strip());
    }

    private String doubleQuoted() {
        int start = lineNumber();
        var out = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                char escaped = text.charAt(pos++);
                out.append(switch (escaped) {
                    case 'n' -> "\n";
                    case 'r' -> "\r";
                    case 't' -> "\t";
                    case '$' -> "$$";
                    default -> String.valueOf(escaped);
                });
            } else {
                out.append(c);
            }
        }
        if (pos >= text.length()) {
            throw new IllegalArgumentException("line " + start + ": unterminated double-quoted value");
        }
        pos++;
        return template.substitute(out.toString());
    }

    private int lineEnd(int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    private int lineNumber() {
        return 1 + (int) text.substring(0, Math.min(pos, text.length())).chars().filter(c -> c == '\n').count();
    }
}
