package dev.mlcompose.schema.interpolate;

import java.util.Collection;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The variables that strings of a Compose file use, as {@code config --variables} lists them: read off the text as
 * written, with each one's default or alternate value as written (nested variables listed too). Invalid
 * templates are skipped here: interpolation reports them.
 */
public final class Variables {

    /** A variable: required ({@code ${X:?…}}), its default ({@code ${X:-…}}) or alternate ({@code ${X:+…}}) value. */
    public record Variable(String name, boolean required, Optional<String> defaultValue, Optional<String> alternateValue) {

        private Variable merge(Variable other) {
            return new Variable(name, required || other.required, defaultValue.or(other::defaultValue),
                    alternateValue.or(other::alternateValue));
        }
    }

    private final SortedMap<String, Variable> found = new TreeMap<>();

    private Variables() {
    }

    /** The variables of {@code texts}, by name. */
    public static SortedMap<String, Variable> in(Collection<String> texts) {
        var variables = new Variables();
        texts.forEach(variables::scan);
        return variables.found;
    }

    private void scan(String text) {
        int i = 0;
        while (i + 1 < text.length()) {
            char next = text.charAt(i + 1);
            if (text.charAt(i) != '$') {
                i++;
            } else if (next == '$') {
                i += 2;
            } else if (next == '{') {
                int close = Template.closingBrace(text, i + 2);
                if (close < 0) {
                    return;
                }
                braced(text.substring(i + 2, close));
                i = close + 1;
            } else if (Template.isNameStart(next)) {
                int end = Template.nameEnd(text, i + 1);
                add(new Variable(text.substring(i + 1, end), false, Optional.empty(), Optional.empty()));
                i = end;
            } else {
                i++;
            }
        }
    }

    private void braced(String expression) {
        int end = Template.nameEnd(expression, 0);
        String name = expression.substring(0, end);
        if (name.isEmpty() || !Template.isNameStart(name.charAt(0))) {
            return;
        }
        String rest = expression.substring(end);
        String op = rest.startsWith(":") ? rest.substring(0, Math.min(2, rest.length())) : rest.isEmpty() ? "" : rest.substring(0, 1);
        String argument = rest.substring(op.length());
        Optional<String> given = Optional.of(argument);
        add(switch (op) {
            case ":-", "-" -> new Variable(name, false, given, Optional.empty());
            case ":+", "+" -> new Variable(name, false, Optional.empty(), given);
            case ":?", "?" -> new Variable(name, true, Optional.empty(), Optional.empty());
            default -> new Variable(name, false, Optional.empty(), Optional.empty());
        });
        scan(argument);
    }

    private void add(Variable variable) {
        found.merge(variable.name(), variable, Variable::merge);
    }
}
