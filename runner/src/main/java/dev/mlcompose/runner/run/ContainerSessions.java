package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * The sessions of {@link ProjectInspector} with one running container of a service, its {@code index}-th:
 * {@code exec} in it, {@code attach} to it, a signal sent to it. A service without that container is the user's
 * error, named as such.
 */
final class ContainerSessions {

    private final Engine engine;

    ContainerSessions(Engine engine) {
        this.engine = engine;
    }

    int exec(String project, String service, int index, ExecRequest request, Consumer<LogLine> sink) {
        return engine.exec(running(project, service, index).id(), request, sink);
    }

    int execPiped(String project, String service, int index, ExecRequest request, OutputStream stdout,
                  OutputStream stderr) {
        return engine.execPiped(running(project, service, index).id(), request, stdout, stderr);
    }

    void execDetached(String project, String service, int index, ExecRequest request) {
        engine.execDetached(running(project, service, index).id(), request);
    }

    /** See {@link ProjectInspector#attachPiped}: stdin has an attachment of its own. */
    int attachPiped(String project, String service, int index, Optional<InputStream> stdin, OutputStream stdout,
                    OutputStream stderr) {
        String id = running(project, service, index).id();
        try (var watch = new ContainerWatch(engine, project)) {
            LogStream output = engine.attachPiped(id, Optional.empty(), stdout, stderr);
            LogStream input = stdin.map(in -> engine.attachPiped(id, Optional.of(in), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream())).orElse(null);
            try {
                return untilExited(watch, id, output);
            } finally {
                EngineStreams.close(output);
                if (input != null) {
                    EngineStreams.close(input);
                }
            }
        }
    }

    /** See {@link ProjectInspector#attachTerminal}. */
    OptionalInt attachTerminal(String project, String service, int index, Optional<InputStream> stdin,
                               Terminal terminal) {
        String id = running(project, service, index).id();
        try (var watch = new ContainerWatch(engine, project)) {
            LogStream tty = engine.attachTerminal(id, stdin, terminal);
            try {
                engine.resizeTerminal(id, terminal);
                terminal.resizes().follow((rows, columns) -> engine.resizeTerminal(id, terminal.resized(rows, columns)));
                return TerminalEnd.await(watch.await(id, Duration.ofDays(365), Conditions.ended(), s -> "still running"),
                        tty, OneOff.ALL_OUTPUT);
            } finally {
                EngineStreams.close(tty);
            }
        }
    }

    void signal(String project, String service, int index, String signal) {
        engine.kill(running(project, service, index).id(), signal);
    }

    private static int untilExited(ContainerWatch watch, String id, LogStream output) {
        int code = watch.await(id, Duration.ofDays(365), Conditions.ended(), s -> "still running").join().exitCode();
        output.awaitEnd(OneOff.ALL_OUTPUT); // the engine ends the stream once the exited container's output is out
        return code;
    }

    private ContainerState running(String project, String service, int index) {
        return new ProjectContainers(engine, project).list(false).stream()
                .filter(c -> c.label(Labels.SERVICE).equals(service) && ObservedState.number(c) == index).findFirst()
                .orElseThrow(() -> new ServiceFailure(service, "service " + service + " has no running container #" + index));
    }
}
