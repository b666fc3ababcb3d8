package dev.mlcompose.runner.engine;

/** An engine call failed; {@link #kind()} says whether retrying or another action could help. */
public class EngineException extends RuntimeException {

    /** What went wrong, as the runner needs to tell it apart. */
    public enum Kind {
        /** No engine answered, or the connection broke: retried, then reported with where we looked. */
        UNAVAILABLE,
        /**
         * The engine took the call but sent no answer within its deadline (a hung engine, a proxy that holds the
         * connection): not retried, since asking again only multiplies the wait; reported as no engine.
         */
        SILENT,
        /** The named object does not exist (image, container, network). */
        NOT_FOUND,
        /** The object exists already or is in use (name taken, port allocated, network has endpoints). */
        CONFLICT,
        /** The engine refused the request as invalid. */
        INVALID,
        /** Anything else the engine reported. */
        FAILED
    }

    private final Kind kind;
    private final String reason;

    public EngineException(Kind kind, String message, Throwable cause) {
        this(kind, message, message, cause);
    }

    /** {@code message} names the call ("start container ID: …"); {@code reason} is the engine's answer alone. */
    public EngineException(Kind kind, String message, String reason, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reason = reason;
    }

    public EngineException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Runs a removal or stop that another run of the project may have done first: the object being gone already
     * is its wanted outcome, any other failure is thrown.
     */
    public static void unlessGone(Runnable action) {
        try {
            action.run();
        } catch (EngineException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** What the engine said, without the call it answered; for messages that name the call in their own words. */
    public String reason() {
        return reason;
    }
}
