package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.Terminal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The local terminal's new sizes while a container's TTY is shown on it, so that the TTY follows the window as
 * the docker CLI's does: each SIGWINCH reads the size and hands it on. A {@code sun.misc.Signal} handler
 * (module jdk.unsupported), as in {@link Interrupts}, in place until {@link #close()}; where the signal cannot
 * be handled the TTY keeps its first size.
 */
final class WindowResizes implements Terminal.Resizes, AutoCloseable {

    private static final Signal WINCH = winch();

    private final Supplier<int[]> size;
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();
    private SignalHandler previous;

    private WindowResizes(Supplier<int[]> size) {
        this.size = size;
    }

    /** Starts watching; {@code size} reads the terminal's rows and columns (0 where unknown). */
    static WindowResizes watch(Supplier<int[]> size) {
        var resizes = new WindowResizes(size);
        if (WINCH != null) {
            try {
                resizes.previous = Signal.handle(WINCH, signal -> resizes.resized());
            } catch (IllegalArgumentException e) {
                // the JVM keeps the signal (-Xrs): the TTY keeps its first size
            }
        }
        return resizes;
    }

    @Override
    public void follow(Sink sink) {
        sinks.add(sink);
    }

    private void resized() {
        int[] now = size.get(); // 0 where unknown: a sink leaves the TTY's size then
        for (Sink sink : sinks) {
            try {
                sink.resized(now[0], now[1]);
            } catch (RuntimeException e) {
                // the engine did not take the size (the container is gone): the TTY stays as it was
            }
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(WINCH, previous);
        }
    }

    private static Signal winch() {
        try {
            return new Signal("WINCH");
        } catch (IllegalArgumentException e) {
            return null; // not a signal on this platform
        }
    }
}
