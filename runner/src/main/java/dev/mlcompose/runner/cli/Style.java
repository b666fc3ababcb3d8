package dev.mlcompose.runner.cli;

/** ANSI colors, on only when {@code --ansi} and the terminal allow them. */
record Style(boolean color) {

    static Style of(String ansi, Invocation invocation) {
        return switch (ansi) {
            case "always" -> new Style(true);
            case "never" -> new Style(false);
            default -> new Style(invocation.console() && !invocation.environment().containsKey("NO_COLOR"));
        };
    }

    String error(String text) {
        return color ? "\u001b[31m" + text + "\u001b[0m" : text;
    }

    String success(String text) {
        return color ? "\u001b[32m" + text + "\u001b[0m" : text;
    }

    String warning(String text) {
        return color ? "\u001b[33m" + text + "\u001b[0m" : text;
    }
}
