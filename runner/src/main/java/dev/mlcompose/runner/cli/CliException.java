package dev.mlcompose.runner.cli;

/** A failure the user can act on, with the exit code it ends the command with. */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
