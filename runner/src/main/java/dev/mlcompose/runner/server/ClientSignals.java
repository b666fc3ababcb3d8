package dev.mlcompose.runner.server;

import dev.mlcompose.runner.cli.Signals;
import java.util.List;
import java.util.function.Consumer;

/**
 * The signals a client forwards. While the command handles them ({@code up}, {@code train}…) they go to its
 * handler, as a JVM's own would; otherwise they end the command as they would end a JVM of its own: the client
 * exits at once with 128 + the signal's number, and the command's thread is interrupted.
 */
final class ClientSignals implements Signals {

    private final Consumer<String> unhandled;
    private volatile Consumer<String> handler;

    /** {@code unhandled} gets a signal that no handler takes. */
    ClientSignals(Consumer<String> unhandled) {
        this.unhandled = unhandled;
    }

    @Override
    public Handling handle(Consumer<String> to) {
        Consumer<String> previous = handler;
        handler = to;
        return new Handling() {
            @Override
            public List<String> names() {
                return List.of("INT", "TERM");
            }

            @Override
            public void close() {
                handler = previous;
            }
        };
    }

    /** A signal the client got, or "HUP" where the client went away without one. */
    void raise(String name) {
        Consumer<String> to = handler;
        if (to != null) {
            to.accept(name);
        } else {
            unhandled.accept(name);
        }
    }

    /** What a JVM of its own exits with on this signal: 128 + its number. */
    static int exitCode(String name) {
        return 128 + switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            default -> 15;
        };
    }
}
