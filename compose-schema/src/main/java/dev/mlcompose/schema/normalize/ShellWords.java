package dev.mlcompose.schema.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a command string into words exactly as compose does: with mattn/go-shellwords 1.0.12's {@code Parse}
 * (compose-go types/command.go), which is not a POSIX shell. Its rules, which this class follows:
 * <ul>
 *   <li>words end at a space, tab, CR or LF outside quotes; {@code ''} and {@code ""} are empty words;</li>
 *   <li>a backslash outside single quotes takes the next character literally, inside double quotes too
 *       ({@code "a\ b"} is {@code a b}; a backslash-newline keeps the newline);</li>
 *   <li>{@code $(...)} and backquotes keep their content, spaces and quotes included, in one word (nothing is
 *       run); a {@code (} elsewhere outside quotes is an error;</li>
 *   <li>reading stops at {@code ; & | < >} outside quotes: the rest of the line is dropped (and a word such as
 *       {@code 2} before {@code >} with it).</li>
 * </ul>
 */
public final class ShellWords {

    private ShellWords() {
    }

    /** The words of {@code line}; what follows a shell operator is dropped, as compose drops it. */
    public static List<String> split(String line) {
        return split(line, rest -> { });
    }

    /** @param dropped told of the text that compose drops, from the operator on, when there is any */
    public static List<String> split(String line, Consumer<String> dropped) {
        var state = new State();
        for (int i = 0; i < line.length(); i++) {
            if (!state.accept(line.charAt(i))) {
                dropped.accept(line.substring(i));
                break;
            }
        }
        state.endWord();
        if (state.escaped || state.singleQuoted || state.doubleQuoted || state.backQuoted || state.inDollarParens) {
            throw new IllegalArgumentException("invalid command line string (an unterminated quote, `, $( or a "
                    + "trailing backslash) in \"" + line + "\"");
        }
        return state.words;
    }

    private static final class State {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord;
        boolean escaped;
        boolean singleQuoted;
        boolean doubleQuoted;
        boolean backQuoted;
        boolean inDollarParens;

        /** Takes one character; false at an operator that ends the command. */
        boolean accept(char c) {
            if (escaped) {
                escaped = false;
                return append(c);
            }
            if (c == '\\') {
                if (singleQuoted) {
                    word.append(c);
                } else {
                    escaped = true;
                }
                return true;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (quoted()) {
                    word.append(c);
                } else {
                    endWord();
                }
                return true;
            }
            return special(c);
        }

        private boolean special(char c) {
            boolean plain = !singleQuoted && !doubleQuoted;
            switch (c) {
                case '`' -> backQuoted ^= plain && !inDollarParens;
                case ')' -> inDollarParens ^= plain && !backQuoted;
                case '(' -> {
                    if (plain && !backQuoted) {
                        if (inDollarParens || word.isEmpty() || word.charAt(word.length() - 1) != '$') {
                            throw new IllegalArgumentException("invalid command line string: \"(\" outside quotes"
                                    + " and not after $");
                        }
                        inDollarParens = true;
                    }
                }
                case '"' -> {
                    if (!singleQuoted && !inDollarParens) {
                        doubleQuoted = !doubleQuoted;
                        inWord = true;
                        return true;
                    }
                }
                case '\'' -> {
                    if (!doubleQuoted && !inDollarParens) {
                        singleQuoted = !singleQuoted;
                        inWord = true;
                        return true;
                    }
                }
                case ';', '&', '|', '<', '>' -> {
                    if (!quoted()) {
                        if (c == '>' && !word.isEmpty() && word.charAt(0) >= '0' && word.charAt(0) <= '9') {
                            word.setLength(0); // a file descriptor such as 2 in 2>file goes with the redirection
                            inWord = false;
                        }
                        return false;
                    }
                }
                default -> { }
            }
            return append(c);
        }

        private boolean quoted() {
            return singleQuoted || doubleQuoted || backQuoted || inDollarParens;
        }

        private boolean append(char c) {
            word.append(c);
            inWord = true;
            return true;
        }

        void endWord() {
            if (inWord) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
        }
    }
}
