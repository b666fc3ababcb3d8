package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.spec.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose events}. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Stream the project's container events until interrupted (or until --until).",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose events --json | jq .action",
            "  mlcompose events --since 10m --until 0s      what happened in the last ten minutes"})
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    MlCompose root;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Option(names = "--since", paramLabel = "TIME", converter = LogTime.class,
            description = "Events since this time (the engine keeps the recent ones): 2013-01-02T13:23:37Z, unix"
                    + " seconds, or relative (42m).")
    Long since;

    @Option(names = "--until", paramLabel = "TIME", converter = LogTime.class,
            description = "Stop at this time (the same forms as --since).")
    Long until;

    /** Lines at the end of the window that reach the engine just before {@code --until} may still be coming. */
    private static final long UNTIL_GRACE_MILLIS = 1000;

    @Override
    public Integer call() throws Exception {
        try (var session = root.session()) {
            var out = root.invocation().out();
            var mapper = new ObjectMapper();
            try (var stream = session.inspector().events(session.projectName(), Optional.ofNullable(since),
                    Optional.ofNullable(until), e -> {
                String service = e.attributes().getOrDefault(Labels.SERVICE, "");
                synchronized (out) {
                    out.println(json ? toJson(mapper, e, service)
                            : time(e) + " container " + e.action() + " " + e.containerId()
                                    + " (service=" + service + ")");
                    out.flush();
                }
            })) {
                if (until == null) {
                    Thread.currentThread().join(); // until Ctrl-C ends the JVM
                } else { // the engine ends the stream at --until; what it sent by then is printed
                    Thread.sleep(Math.max(0, until * 1000 - System.currentTimeMillis()) + UNTIL_GRACE_MILLIS);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** When the event happened, as the engine recorded it. */
    private static Instant time(EngineEvent e) {
        return Instant.ofEpochSecond(0, e.timeNanos());
    }

    private static String toJson(ObjectMapper mapper,
                                 EngineEvent e, String service) {
        try {
            return mapper.writeValueAsString(Map.of("time", time(e).toString(),
                    "type", "container", "action", e.action(), "id", e.containerId(), "service", service,
                    "attributes", e.attributes()));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
