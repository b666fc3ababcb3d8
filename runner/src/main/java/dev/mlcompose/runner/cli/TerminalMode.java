package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.Terminal;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The local terminal in raw mode while {@code exec} runs with a pseudo-terminal, as the docker CLI puts it
 * (moby/term {@code MakeRaw}): keys go to the container unprocessed (Ctrl-C and Ctrl-D too, so they reach the
 * command rather than mlcompose) and are echoed once, by the container's TTY. Java cannot set terminal modes,
 * so this runs {@code stty} on {@code /dev/tty}; the saved settings come back on {@link #close()}, and from a
 * shutdown hook should the JVM be ended by a signal first. Where {@code stty} fails nothing changes.
 */
final class TerminalMode implements AutoCloseable {

    /** Leaves the terminal alone: for no terminal, or when no TTY is wanted. */
    static final TerminalMode NONE = new TerminalMode(null, 0, 0, null);

    private final String saved;
    private final int rows;
    private final int columns;
    private final WindowResizes resizes;
    private final Thread restore;

    private TerminalMode(String saved, int rows, int columns, WindowResizes resizes) {
        this.saved = saved;
        this.rows = rows;
        this.columns = columns;
        this.resizes = resizes;
        this.restore = new Thread(this::restore, "mlcompose-terminal");
    }

    /**
     * The exit code of a terminal session: the container's, or 1 with docker's "read escape sequence" when the
     * terminal detached from it (the engine's detach keys, Ctrl-P Ctrl-Q), which leaves it running.
     */
    static int exitCode(OptionalInt code, PrintWriter err) {
        if (code.isPresent()) {
            return code.getAsInt();
        }
        err.println("read escape sequence");
        err.flush();
        return ExitCodes.FAILURE;
    }

    /** Switches {@code /dev/tty} to raw mode, remembering its settings and size. */
    static TerminalMode raw() {
        String saved = stty("-g");
        if (saved == null || saved.isEmpty()) {
            return NONE;
        }
        var mode = withSize(saved);
        Runtime.getRuntime().addShutdownHook(mode.restore);
        stty("raw", "-echo");
        return mode;
    }

    /**
     * Leaves the terminal's mode alone and only takes its size: for a TTY that gets no keys, so that Ctrl-C
     * still stops mlcompose, as the docker CLI leaves the terminal for {@code -t} without {@code -i}.
     */
    static TerminalMode sizeOnly() {
        return withSize(null);
    }

    private static TerminalMode withSize(String saved) {
        int[] size = size();
        return new TerminalMode(saved, size[0], size[1], WindowResizes.watch(TerminalMode::size));
    }

    /** Rows and columns; 0 and 0 where stty cannot tell. */
    private static int[] size() {
        String[] size = String.valueOf(stty("size")).split(" ");
        return size.length == 2 && size[0].matches("\\d+") && size[1].matches("\\d+")
                ? new int[] {Integer.parseInt(size[0]), Integer.parseInt(size[1])} : new int[] {0, 0};
    }

    /** For a container's TTY shown here: raw when the keys go to it ({@link #raw}), else {@link #sizeOnly}. */
    static TerminalMode forTty(boolean keys) {
        return keys ? raw() : sizeOnly();
    }

    /** This terminal as a container's TTY is shown on it: raw output onto {@code out}, its size and new sizes. */
    Terminal terminal(PrintWriter out) {
        return new Terminal(new TerminalOutput(out), rows, columns, resizes != null ? resizes : Terminal.Resizes.NONE);
    }

    @Override
    public void close() {
        if (resizes != null) {
            resizes.close();
        }
        if (saved == null) {
            return;
        }
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(restore);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running or has run
        }
    }

    private void restore() {
        stty(saved);
    }

    /** Runs stty on the controlling terminal; its output, or null when it failed. */
    private static String stty(String... args) {
        List<String> command = new ArrayList<>(List.of("stty"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
