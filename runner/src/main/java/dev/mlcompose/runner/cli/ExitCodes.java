package dev.mlcompose.runner.cli;

/** The exit codes every mlcompose command uses; listed in {@code --help} and the README. */
public final class ExitCodes {

    public static final int OK = 0;
    /** A service or job failed, or the engine refused an operation. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong (unknown flag, missing argument). */
    public static final int USAGE = 2;
    /** The Compose files are invalid; every problem is printed as file:line:column: key.path: message. */
    public static final int INVALID_CONFIG = 3;
    /** No Docker Engine answered. */
    public static final int NO_ENGINE = 4;
    /** Interrupted by Ctrl-C or SIGTERM. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    static String[] helpList() {
        return new String[] {
            "0:Success.",
            "1:A service or job failed, or the engine refused an operation (or mlcompose ran out of memory).",
            "2:Invalid command line (unknown option, missing argument).",
            "3:Invalid Compose file(s): each problem is printed as file:line:column: key.path: message"
                    + " (also a file beyond the reader's limits, or a load out of stack or memory).",
            "4:No Docker Engine answered.",
            "130:Interrupted (Ctrl-C or SIGTERM).",
        };
    }
}
