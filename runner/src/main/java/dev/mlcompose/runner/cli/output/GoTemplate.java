package dev.mlcompose.runner.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The part of Go's text/template that {@code --format} strings of the docker CLI and compose use, as they use it:
 * text with actions {@code {{.Field}}}, {@code {{.Label "key"}}}, {@code {{json .}}}, {@code {{json .Field}}},
 * {@code {{.Field | upper}}}, the functions {@code json}, {@code upper}, {@code lower}, {@code title},
 * {@code join}, {@code truncate}, {@code pad}, trim markers ({@code {{- … -}}}), and the CLI's own conventions:
 * a leading {@code table} makes a header line and aligned columns, and {@code \t} and {@code \n} in the
 * string stand for a tab and a newline. Anything else is refused with the reason, never printed half-done.
 */
public final class GoTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a template reads: fields by name, and methods with arguments (a container's {@code Label}). */
    public interface Subject {
        /** The field's value, or null when there is no such field. */
        Object field(String name);

        /** The method's value for {@code arguments}, or null when there is no such method. */
        default Object call(String method, List<Object> arguments) {
            return null;
        }
    }

    private final String source;
    private final boolean table;
    private final List<Node> nodes;

    private GoTemplate(String source, boolean table, List<Node> nodes) {
        this.source = source;
        this.table = table;
        this.nodes = nodes;
    }

    /** Parses a {@code --format} string; a malformed one is an {@link IllegalArgumentException} saying why. */
    public static GoTemplate parse(String format) {
        String text = format.strip();
        boolean table = text.startsWith("table");
        if (table) {
            text = text.substring("table".length()).strip();
        }
        text = text.replace("\\t", "\t").replace("\\n", "\n");
        return new GoTemplate(format, table, new Parser(text).nodes());
    }

    /** Whether it asked for a table: a header line, then columns aligned as the docker CLI aligns them. */
    public boolean isTable() {
        return table;
    }

    /**
     * One line per subject (each line ends with a newline, as the docker CLI writes them). For a table, the header
     * comes first, from {@code headers} (a field without one shows {@code <no value>}, as in Go), and the columns
     * (cells ending with a tab) are aligned.
     */
    public String render(List<? extends Subject> subjects, Map<String, String> headers) {
        var lines = new StringBuilder();
        if (table) {
            lines.append(apply(new Subject() {
                @Override
                public Object field(String name) {
                    return headers.getOrDefault(name, "<no value>");
                }

                @Override
                public Object call(String method, List<Object> arguments) {
                    return "<no value>";
                }
            })).append('\n');
        }
        for (Subject subject : subjects) {
            lines.append(apply(subject)).append('\n');
        }
        return table ? TabColumns.align(lines.toString()) : lines.toString();
    }

    private String apply(Subject subject) {
        var out = new StringBuilder();
        for (Node node : nodes) {
            out.append(node instanceof Text t ? t.text : text(((Action) node).evaluate(subject)));
        }
        return out.toString();
    }

    /** A value as Go's fmt prints it: a list as {@code [a b]}, a map's values in braces, null as {@code <nil>}. */
    static String text(Object value) {
        if (value == null) {
            return "<nil>";
        }
        if (value instanceof MapSubject m) {
            return text(m.fields);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(GoTemplate::text).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().map(GoTemplate::text).collect(Collectors.joining(" ", "{", "}"));
        }
        return String.valueOf(value);
    }

    private sealed interface Node permits Text, Action {
    }

    private record Text(String text) implements Node {
    }

    /** A pipeline: commands separated by {@code |}, each one's value the last argument of the next. */
    private record Action(String source, List<List<Token>> commands) implements Node {

        Object evaluate(Subject subject) {
            Object piped = null;
            boolean first = true;
            for (List<Token> command : commands) {
                piped = run(command, subject, first ? List.of() : Collections.singletonList(piped));
                first = false;
            }
            return piped;
        }

        private Object run(List<Token> command, Subject subject, List<Object> piped) {
            Token head = command.get(0);
            List<Object> arguments = new ArrayList<>();
            for (Token t : command.subList(1, command.size())) {
                arguments.add(t.value(subject, this));
            }
            arguments.addAll(piped);
            if (head.kind == Token.Kind.FUNCTION) {
                var function = FUNCTIONS.get(head.text);
                if (function == null) {
                    throw refused("there is no function " + head.text + " (there are " + String.join(", ",
                            FUNCTIONS.keySet().stream().sorted().toList()) + ")");
                }
                return function.apply(this, arguments);
            }
            if (head.kind == Token.Kind.FIELD && !arguments.isEmpty()) {
                Object value = subject.call(head.text.substring(1), arguments);
                if (value == null) {
                    throw refused("there is no method " + head.text.substring(1));
                }
                return value;
            }
            if (!arguments.isEmpty()) {
                throw refused(head.text + " takes no arguments");
            }
            return head.value(subject, this);
        }

        IllegalArgumentException refused(String why) {
            return new IllegalArgumentException("{{" + source + "}}: " + why);
        }
    }

    private static final Map<String, BiFunction<Action, List<Object>, Object>> FUNCTIONS = Map.of(
            "json", (a, args) -> json(one(a, "json", args)),
            "upper", (a, args) -> text(one(a, "upper", args)).toUpperCase(Locale.ROOT),
            "lower", (a, args) -> text(one(a, "lower", args)).toLowerCase(Locale.ROOT),
            "title", (a, args) -> title(text(one(a, "title", args))),
            "join", (a, args) -> {
                if (args.size() != 2 || !(args.get(0) instanceof List<?> list)) {
                    throw a.refused("join takes a list and a separator");
                }
                return list.stream().map(GoTemplate::text).collect(Collectors.joining(text(args.get(1))));
            },
            "truncate", (a, args) -> {
                String s = text(args.isEmpty() ? null : args.get(0));
                int n = args.size() == 2 ? number(a, args.get(1)) : -1;
                if (n < 0) {
                    throw a.refused("truncate takes a value and a length");
                }
                return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
            },
            "pad", (a, args) -> {
                if (args.size() != 3) {
                    throw a.refused("pad takes a value and two widths");
                }
                return " ".repeat(number(a, args.get(1))) + text(args.get(0)) + " ".repeat(number(a, args.get(2)));
            });

    private static Object one(Action a, String function, List<Object> args) {
        if (args.size() != 1) {
            throw a.refused(function + " takes one argument");
        }
        return args.get(0);
    }

    private static int number(Action a, Object value) {
        try {
            return Integer.parseInt(text(value));
        } catch (NumberFormatException e) {
            throw a.refused("not a number: " + text(value));
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value instanceof MapSubject m ? m.fields : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps, lists and strings are always JSON", e);
        }
    }

    private static String title(String s) {
        var out = new StringBuilder();
        boolean start = true;
        for (char c : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = Character.isWhitespace(c);
        }
        return out.toString();
    }

    /** A subject made of a map of fields (in the order JSON prints them) and a label lookup. */
    public record MapSubject(Map<String, Object> fields, Map<String, String> labels) implements Subject {
        @Override
        public Object field(String name) {
            return fields.get(name);
        }

        @Override
        public Object call(String method, List<Object> arguments) {
            return method.equals("Label") && arguments.size() == 1 ? labels.getOrDefault(text(arguments.get(0)), "")
                    : null;
        }
    }

    private record Token(Kind kind, String text) {
        enum Kind { FIELD, STRING, NUMBER, FUNCTION }

        Object value(Subject subject, Action action) {
            return switch (kind) {
                case STRING, NUMBER -> text;
                case FUNCTION -> throw action.refused(text + " needs its arguments in parentheses here,"
                        + " which are not supported; put it first or after a |");
                case FIELD -> {
                    if (text.equals(".")) {
                        yield subject;
                    }
                    Object value = subject;
                    for (String name : text.substring(1).split("\\.")) {
                        Object next = value instanceof Subject s ? s.field(name)
                                : value instanceof Map<?, ?> m ? m.get(name) : null;
                        if (next == null && !(value instanceof Subject s && hasNull(s, name))) {
                            throw action.refused("there is no field " + name);
                        }
                        value = next;
                    }
                    yield value;
                }
            };
        }

        private static boolean hasNull(Subject s, String name) {
            return s instanceof MapSubject m && m.fields.containsKey(name);
        }
    }

    /** Splits the text into literal text and actions, and each action into commands and their tokens. */
    private static final class Parser {
        private final String text;

        Parser(String text) {
            this.text = text;
        }

        List<Node> nodes() {
            List<Node> nodes = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int open = text.indexOf("{{", at);
                if (open < 0) {
                    nodes.add(new Text(text.substring(at)));
                    break;
                }
                int close = text.indexOf("}}", open + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed action: " + text.substring(open));
                }
                String literal = text.substring(at, open);
                String inner = text.substring(open + 2, close);
                if (inner.startsWith("-")) {
                    literal = literal.stripTrailing();
                    inner = inner.substring(1);
                }
                boolean trimAfter = inner.endsWith("-");
                if (trimAfter) {
                    inner = inner.substring(0, inner.length() - 1);
                }
                if (!literal.isEmpty()) {
                    nodes.add(new Text(literal));
                }
                nodes.add(action(inner.strip()));
                at = close + 2;
                if (trimAfter) {
                    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                        at++;
                    }
                }
            }
            return nodes;
        }

        private static Action action(String source) {
            if (source.isEmpty()) {
                throw new IllegalArgumentException("{{}}: an empty action");
            }
            List<List<Token>> commands = new ArrayList<>();
            List<Token> command = new ArrayList<>();
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '|') {
                    commands.add(nonEmpty(command, source));
                    command = new ArrayList<>();
                    i++;
                } else if (c == '"') {
                    int end = i + 1;
                    var value = new StringBuilder();
                    while (end < source.length() && source.charAt(end) != '"') {
                        if (source.charAt(end) == '\\' && end + 1 < source.length()) {
                            end++;
                        }
                        value.append(source.charAt(end++));
                    }
                    if (end >= source.length()) {
                        throw new IllegalArgumentException("{{" + source + "}}: unterminated string");
                    }
                    command.add(new Token(Token.Kind.STRING, value.toString()));
                    i = end + 1;
                } else {
                    int end = i;
                    while (end < source.length() && !Character.isWhitespace(source.charAt(end))
                            && source.charAt(end) != '|') {
                        end++;
                    }
                    String word = source.substring(i, end);
                    command.add(token(word, source));
                    i = end;
                }
            }
            commands.add(nonEmpty(command, source));
            return new Action(source, commands);
        }

        private static Token token(String word, String source) {
            if (word.equals(".") || word.matches("(\\.[A-Za-z_][A-Za-z0-9_]*)+")) {
                return new Token(Token.Kind.FIELD, word);
            }
            if (word.matches("-?\\d+")) {
                return new Token(Token.Kind.NUMBER, word);
            }
            if (word.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return new Token(Token.Kind.FUNCTION, word);
            }
            throw new IllegalArgumentException("{{" + source + "}}: cannot read " + word
                    + " (only fields, strings, numbers and functions are supported)");
        }

        private static List<Token> nonEmpty(List<Token> command, String source) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("{{" + source + "}}: an empty command in the pipeline");
            }
            return command;
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
