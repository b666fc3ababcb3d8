package dev.mlcompose.runner.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Where a command's SIGINT and SIGTERM come from: this JVM's own, or those a client forwards to the resident
 * server that runs the command for it ({@code MLCOMPOSE_SERVER}). Commands never touch signals but through this.
 */
public interface Signals {

    /**
     * From now until the returned handling is closed, SIGINT and SIGTERM go to {@code to} by name ("INT",
     * "TERM") instead of ending the command.
     */
    Handling handle(Consumer<String> to);

    /** Signals taken over until closed. */
    interface Handling extends AutoCloseable {

        /** The signals taken over: INT and TERM, unless the JVM keeps one for itself. */
        List<String> names();

        @Override
        void close();
    }

    /**
     * This JVM's signals, through {@code sun.misc.Signal} (module jdk.unsupported): a shutdown hook cannot react to
     * a second Ctrl-C. Where a signal cannot be handled (the JVM runs with {@code -Xrs}, or was started with it
     * ignored) it keeps its previous behaviour; the previous handlers come back on close.
     */
    Signals JVM = to -> {
        var previous = new LinkedHashMap<Signal, SignalHandler>();
        for (String name : List.of("INT", "TERM")) {
            try {
                var signal = new Signal(name);
                previous.put(signal, Signal.handle(signal, s -> to.accept(s.getName())));
            } catch (IllegalArgumentException e) {
                // -Xrs, or not a signal on this platform: the JVM's own handling stays
            }
        }
        return new Handling() {
            @Override
            public List<String> names() {
                return previous.keySet().stream().map(Signal::getName).toList();
            }

            @Override
            public void close() {
                previous.forEach(Signal::handle);
            }
        };
    };
}
