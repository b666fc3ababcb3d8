package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.spec.Labels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a job's ended container leaves in its run's folder: its whole log ({@code logs/NAME.log}) with the metrics
 * read from it, and its {@code x-mlcompose.outputs} copied out through the engine's archive API
 * ({@code outputs/SERVICE/NUMBER/}, the image needs no shell) with the metrics of a {@code metrics.json} there.
 */
final class JobArtifacts {

    /** A job's log (relative to the run's folder; null when not kept) and its metrics. */
    record Saved(String log, String outputs, Map<String, Double> metrics) {
    }

    private final Engine engine;
    private final Consumer<String> warnings;
    /** Told once the run's folder cannot be written. */
    private final Consumer<IOException> unwritable;

    JobArtifacts(Engine engine, Consumer<String> warnings, Consumer<IOException> unwritable) {
        this.engine = engine;
        this.warnings = warnings;
        this.unwritable = unwritable;
    }

    /**
     * Reads the container's log for its metrics and, with a {@code folder} (a writable run's), saves the log and
     * copies {@code outputs} there.
     */
    Saved collect(ContainerState container, String service, List<String> outputs, Optional<Path> folder) {
        var log = log(container, folder.map(f -> f.resolve(logFile(container))));
        var metrics = new LinkedHashMap<>(log.metrics());
        String copied = folder.flatMap(f -> copy(container, service, outputs, f)).orElse(null);
        if (copied != null) {
            metrics.putAll(Metrics.ofFile(folder.get().resolve(copied)));
        }
        return new Saved(log.kept() ? logFile(container) : null, copied, metrics);
    }

    /** A log's metrics, and whether it was saved. */
    record Log(Map<String, Double> metrics, boolean kept) {
    }

    /** The metrics of the container's standard output; its whole output into {@code file}, when there is one. */
    Log log(ContainerState container, Optional<Path> file) {
        var metrics = new Metrics();
        Writer out = file.map(this::open).orElse(null);
        var stream = engine.logs(container.id(), LogOptions.all(), line -> {
            if (!line.stderr()) {
                metrics.accept(line.text());
            }
            if (out != null) {
                try {
                    out.write(line.text());
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try {
            stream.awaitEnd(Duration.ofMinutes(2));
        } finally {
            EngineStreams.close(stream);
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    unwritable.accept(e);
                }
            }
        }
        return new Log(metrics.values(), out != null);
    }

    private static String logFile(ContainerState container) {
        return "logs/" + container.name() + ".log";
    }

    /** Copies each of {@code paths} out of the container; the folder they went to, relative; empty without paths. */
    private Optional<String> copy(ContainerState container, String service, List<String> paths, Path runFolder) {
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        String relative = "outputs/" + service + "/" + container.label(Labels.NUMBER);
        Path folder = runFolder.resolve(relative);
        var copy = new ContainerCopy(engine);
        for (String path : paths) {
            try {
                Files.createDirectories(folder);
                copy.fromContainer(container.id(), container.name(), path, folder.toString(), folder, null,
                        new ContainerCopy.Options(false, false));
            } catch (IOException | RuntimeException e) {
                warnings.accept("service " + service + ": cannot copy its output " + path + " out of "
                        + container.name() + ": " + e.getMessage());
            }
        }
        return Optional.of(relative);
    }

    private Writer open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            unwritable.accept(e);
            return null;
        }
    }
}
