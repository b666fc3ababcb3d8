package dev.mlcompose.runner.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runs recorded in a state directory ({@code .mlcompose/} beside the Compose file, or {@code --state-dir}): one
 * folder per run under {@code runs/}, named by its ID, with {@code run.json}, {@code logs/} and {@code outputs/}. It
 * outlives {@code down}, and a fresh clone that keeps the folder keeps the history (and the skip cache it feeds).
 */
public final class RunHistory {

    /** The state directory's name beside the Compose file. */
    public static final String STATE_DIR = ".mlcompose";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path runs;

    private RunHistory(Path stateDir) {
        this.runs = stateDir.resolve("runs");
    }

    public static RunHistory at(Path stateDir) {
        return new RunHistory(stateDir.toAbsolutePath().normalize());
    }

    /** The folder of a run. */
    public Path folder(String id) {
        return runs.resolve(id);
    }

    /** Every readable run, oldest first; a folder without a readable run.json is passed over. */
    public List<RunRecord> list() {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        var out = new ArrayList<RunRecord>();
        try (Stream<Path> folders = Files.list(runs)) {
            for (Path folder : folders.sorted().toList()) {
                read(folder.resolve("run.json")).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
        // by start, not by ID: two runs in one second have IDs that differ only by their random end
        out.sort(Comparator.comparing((RunRecord r) -> Instant.parse(r.startedAt())).thenComparing(RunRecord::id));
        return out;
    }

    /** The run of this ID, or of the one ID that starts with it. */
    public RunRecord find(String id) {
        List<RunRecord> matches = list().stream().filter(r -> r.id().equals(id)).toList();
        if (matches.isEmpty()) {
            matches = list().stream().filter(r -> r.id().startsWith(id)).toList();
        }
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.isEmpty() ? "no run " + id + " in " + runs
                    : "run ID " + id + " is ambiguous: " + String.join(", ", matches.stream().map(RunRecord::id).toList()));
        }
        return matches.get(0);
    }

    /** Writes {@code run.json} whole (a temporary file, then a rename), so a reader never sees half of it. */
    public void write(RunRecord run) {
        Path folder = folder(run.id());
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".run-", ".json");
            JSON.writeValue(tmp.toFile(), run);
            Files.move(tmp, folder.resolve("run.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve("run.json"), e);
        }
    }

    /** Deletes a run's folder: its record, logs and outputs. */
    public void remove(String id) {
        Path folder = folder(find(id).id());
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder, e);
        }
    }

    /**
     * The latest job of the project among {@code runs} (a {@link #list()}) that succeeded, ran and did the same work:
     * the same service (and cell), config hash, image ID and inputs key. The skip cache's record when the job's
     * container is gone.
     */
    public static Optional<Found> lastSuccess(List<RunRecord> runs, String project, String service,
                                              Map<String, String> cell, String configHash, String imageId,
                                              String inputsKey) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (!runs.get(i).project().equals(project)) {
                continue;
            }
            for (RunRecord.JobRecord job : runs.get(i).jobs()) {
                if (job.succeeded() && !job.skipped() && !job.oneOff() && job.service().equals(service)
                        && job.cell().equals(cell)
                        && job.configHash().equals(configHash) && job.imageId().equals(imageId)
                        && job.inputsKey().equals(inputsKey)) {
                    return Optional.of(new Found(runs.get(i), job));
                }
            }
        }
        return Optional.empty();
    }

    /** A recorded job and the run it belongs to. */
    public record Found(RunRecord run, RunRecord.JobRecord job) {
    }

    private static Optional<RunRecord> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            RunRecord run = JSON.readValue(file.toFile(), RunRecord.class);
            Instant.parse(run.startedAt());
            return run.id() == null || run.project() == null ? Optional.empty() : Optional.of(run);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // cut off while written before the rename existed, or edited by hand
        }
    }

    /** The JSON of a run as {@code runs show --format json} prints it. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
