package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.EngineException.Kind;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides, once, what a docker-java failure means: which {@link Kind}, and a message a user can act on. */
final class DockerErrors {

    // 20.10 reports a taken port at start as a 500: "Bind for 127.0.0.1:8080 failed: port is already
    // allocated" (another container) or "listen tcp4 0.0.0.0:8080: bind: address already in use".
    private static final Pattern PORT = Pattern.compile("(?:Bind for |listen tcp[46]? )(\\S*):(\\d+)");
    private static final Pattern MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern TRANSIENT = Pattern.compile(
            "connection reset|connection refused|i/o timeout|context deadline exceeded|try again|"
                    + "temporarily unavailable|too many open files|unexpected EOF");

    // Two networks of one name exist for a moment when two runs of a project create it at once (Engine 20.10
    // checks the name apart from creating it); the run that made the later one removes it, so asking again helps.
    private static final Pattern AMBIGUOUS = Pattern.compile("network \\S+ is ambiguous \\(\\d+ matches found");

    private final String endpoint;

    DockerErrors(String endpoint) {
        this.endpoint = endpoint;
    }

    /** Runs {@code call}, translating whatever docker-java throws. */
    <T> T guard(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(what, e);
        }
    }

    EngineException translate(String what, Throwable failure) {
        if (failure instanceof EngineException e) {
            return e;
        }
        if (failure instanceof DockerException e) {
            return fromEngine(what, e);
        }
        if (causedByIo(failure)) {
            return new EngineException(Kind.UNAVAILABLE,
                    what + ": cannot reach the engine at " + endpoint + ": " + rootMessage(failure), failure);
        }
        if (failure instanceof IllegalArgumentException) {
            return new EngineException(Kind.INVALID, what + ": " + failure.getMessage(), failure);
        }
        return new EngineException(Kind.FAILED, what + ": " + rootMessage(failure), failure);
    }

    private static EngineException fromEngine(String what, DockerException e) {
        String message = engineMessage(e);
        Matcher port = PORT.matcher(message);
        if (port.find()) {
            String taken = "port " + port.group(1) + ":" + port.group(2) + " is already allocated (" + message + ")";
            return new EngineException(Kind.CONFLICT, what + ": " + taken, taken, e);
        }
        return new EngineException(kind(e, message), what + ": " + message, message, e);
    }

    /** By status: docker-java's NotFoundException and the like carry theirs, as do {@link TreeCalls}' refusals. */
    private static Kind kind(DockerException e, String message) {
        if (AMBIGUOUS.matcher(message).find()) {
            return Kind.UNAVAILABLE;
        }
        int status = e.getHttpStatus();
        return switch (status) {
            case 400 -> Kind.INVALID;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            // A plain 500 is mostly permanent (OCI runtime errors, bad device requests): retrying start or
            // create then only repeats side effects. Proxies in front of a remote engine answer 502-504.
            default -> (status >= 502 && status <= 504) || (status >= 500 && TRANSIENT.matcher(message).find())
                    ? Kind.UNAVAILABLE : Kind.FAILED;
        };
    }

    /** The engine's own words: docker-java wraps them as {@code Status 404: {"message":"…"}}. */
    static String engineMessage(DockerException e) {
        String raw = String.valueOf(e.getMessage());
        Matcher json = MESSAGE.matcher(raw);
        String text = json.find() ? json.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : raw;
        return text.replaceFirst("^Status \\d+: ", "").strip();
    }

    static boolean causedByIo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
