package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.schema.model.Project;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One invocation's {@code run.json} in the {@link RunHistory}: its jobs and the containers' timeline, written whole
 * after each change to its jobs (the timeline goes with the next write), so that a run cut short still says what
 * it did. A history that cannot be written is said once, and from then on left alone: the run goes on.
 */
final class RunFile {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Project project;
    private final Optional<RunHistory> history;
    private final String command;
    private final Consumer<String> warnings;
    private final String id;
    private final String startedAt = Instant.now().toString();
    private final List<JobRecord> jobs = new ArrayList<>();
    private final List<RunRecord.Event> events = new ArrayList<>();
    private boolean unwritable;

    RunFile(Project project, Optional<RunHistory> history, String command, Consumer<String> warnings) {
        this.project = project;
        this.history = history;
        this.command = command;
        this.warnings = warnings;
        this.id = LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    String id() {
        return id;
    }

    /** The run's folder, for its jobs' logs and outputs; empty without a history, or once it has proved unwritable. */
    synchronized Optional<Path> folder() {
        return writable().map(h -> h.folder(id));
    }

    /** A container's end of progress on the timeline, its service read off its name. */
    synchronized void progressed(ProgressEvent event) {
        events.add(new RunRecord.Event(Instant.now().toString(), event.name(), service(event.name()),
                event.status().toString()));
    }

    /** A job's end on the timeline: no progress line says it under {@code train}. */
    synchronized void ended(String service, ContainerState state) {
        events.add(new RunRecord.Event(state.finishedAt().orElse(Instant.now()).toString(), state.name(), service,
                state.exitCode() == 0 ? "Exited" : "Failed"));
    }

    synchronized JobRecord add(JobRecord job) {
        jobs.add(job);
        save(null);
        return job;
    }

    synchronized void replace(JobRecord old, JobRecord updated) {
        jobs.replaceAll(j -> j == old ? updated : j);
        save(null);
    }

    /** Writes the run's end, where it has recorded a job: an {@code up} of services alone leaves no run. */
    synchronized void end() {
        if (!jobs.isEmpty()) {
            save(Instant.now().toString());
        }
    }

    synchronized void unwritable(Exception e) {
        if (!unwritable) {
            unwritable = true;
            warnings.accept("cannot record this run in " + history.map(h -> h.folder(id).toString()).orElse("?") + ": "
                    + e.getMessage() + " (set --state-dir or MLCOMPOSE_STATE_DIR to a writable folder)");
        }
    }

    private void save(String endedAt) {
        writable().ifPresent(h -> {
            try {
                h.write(new RunRecord(id, project.name(), command, startedAt, endedAt, dependsOn(), jobs, events));
            } catch (UncheckedIOException e) {
                unwritable(e);
            }
        });
    }

    private Map<String, List<String>> dependsOn() {
        var out = new LinkedHashMap<String, List<String>>();
        project.services().values().forEach(s -> out.put(s.name(), List.copyOf(s.dependsOn().keySet())));
        return out;
    }

    private Optional<RunHistory> writable() {
        return unwritable ? Optional.empty() : history;
    }

    private String service(String container) {
        String prefix = project.name() + "-";
        String rest = container.startsWith(prefix) ? container.substring(prefix.length()) : container;
        return rest.replaceFirst("-\\d+$", "");
    }
}
