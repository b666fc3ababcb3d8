package dev.mlcompose.runner.engine;

import java.io.OutputStream;
import java.util.Optional;

/**
 * A local terminal that a container's pseudo-terminal is shown on: where its raw output goes (stdout and stderr
 * are one stream on a TTY), its size ({@code 0} rows or columns: leave the engine's), and its later sizes, which
 * the TTY follows as the docker CLI's does; {@code detachKeys} ({@code ctrl-p,ctrl-q} form) replace the engine's
 * default keys for detaching from it.
 */
public record Terminal(OutputStream output, int rows, int columns, Resizes resizes, Optional<String> detachKeys) {

    public Terminal(OutputStream output, int rows, int columns, Resizes resizes) {
        this(output, rows, columns, resizes, Optional.empty());
    }

    /** A terminal whose size does not change. */
    public Terminal(OutputStream output, int rows, int columns) {
        this(output, rows, columns, Resizes.NONE);
    }

    /** The same terminal at another size. */
    public Terminal resized(int newRows, int newColumns) {
        return new Terminal(output, newRows, newColumns, resizes, detachKeys);
    }

    /** The same terminal, detached from with {@code keys} instead of the engine's default ones. */
    public Terminal withDetachKeys(String keys) {
        return new Terminal(output, rows, columns, resizes, Optional.of(keys));
    }

    /** Where a terminal's new sizes come from (the window was resized). */
    @FunctionalInterface
    public interface Resizes {

        Resizes NONE = sink -> { };

        /** Hands each new size to {@code sink} for as long as the terminal is in use. */
        void follow(Sink sink);

        /** Takes a new size. */
        @FunctionalInterface
        interface Sink {
            void resized(int rows, int columns);
        }
    }
}
