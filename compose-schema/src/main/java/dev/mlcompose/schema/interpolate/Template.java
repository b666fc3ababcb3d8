package dev.mlcompose.schema.interpolate;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Compose's variable substitution on one string: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, nested defaults, and {@code $$} for a literal dollar (compose-go template.go).
 */
public final class Template {

    private final Function<String, String> lookup;
    private final Consumer<String> unsetVariable;

    /**
     * @param lookup        the value of a variable, or null when it is not set
     * @param unsetVariable told of each variable that was used without a value or default
     */
    public Template(Function<String, String> lookup, Consumer<String> unsetVariable) {
        this.lookup = lookup;
        this.unsetVariable = unsetVariable;
    }

    /** Substitutes every variable in {@code text}; throws {@link TemplateException} for bad syntax. */
    public String substitute(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        var out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = closingBrace(text, i + 2);
                if (close < 0) {
                    throw new TemplateException("invalid interpolation format for \"" + text + "\": missing '}'");
                }
                out.append(braced(text.substring(i + 2, close), text));
                i = close + 1;
            } else if (isNameStart(next)) {
                int end = nameEnd(text, i + 1);
                out.append(value(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String braced(String expression, String whole) {
        int end = nameEnd(expression, 0);
        String name = expression.substring(0, end);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            throw new TemplateException("invalid interpolation format for \"" + whole
                    + "\": \"${" + expression + "}\" is not a variable name");
        }
        String rest = expression.substring(end);
        if (rest.isEmpty()) {
            return value(name);
        }
        String raw = lookup.apply(name);
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
        String argument = rest.substring(op.length());
        boolean present = colon ? raw != null && !raw.isEmpty() : raw != null;
        return switch (op) {
            case ":-", "-" -> present ? raw : substitute(argument);
            case ":+", "+" -> present ? substitute(argument) : "";
            case ":?", "?" -> {
                if (!present) {
                    throw new MissingVariableException(name, substitute(argument));
                }
                yield raw;
            }
            default -> throw new TemplateException("invalid interpolation format for \"" + whole
                    + "\": unsupported operator in \"${" + expression + "}\"");
        };
    }

    private String value(String name) {
        String raw = lookup.apply(name);
        if (raw == null) {
            unsetVariable.accept(name);
            return "";
        }
        return raw;
    }

    static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (isNameStart(text.charAt(i)) || Character.isDigit(text.charAt(i)))) {
            i++;
        }
        return i;
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
