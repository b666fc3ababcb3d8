package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Skips jobs whose work is already done, as the ML DAG runners do (compose re-runs one-shot jobs on every
 * {@code up}). A job's key is its config hash, its image ID and its {@code x-mlcompose.inputs}; when the
 * job's container carries the same key and its last run exited 0, the job is not run again.
 * Inputs are compared by path, size and modification time (a quick check, like make's), not by content.
 */
final class JobCache {

    /** The key of the job's inputs, on its container. */
    static final String INPUTS_LABEL = "dev.mlcompose.inputs";

    private JobCache() {
    }

    /** Why the job may be skipped, or empty when it has to run. */
    static Optional<String> skip(Project project, Service service, ContainerState previous, String imageId,
                                 boolean rerun) {
        if (rerun || !service.ml().cache() || !ServiceKinds.isJob(project, service)
                || !previous.status().equals("exited") || previous.exitCode() != 0
                || !previous.label(Labels.IMAGE).equals(imageId)
                || !previous.label(INPUTS_LABEL).equals(inputsKey(project, service))) {
            return Optional.empty();
        }
        String when = previous.finishedAt().map(t -> " at " + t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .orElse("");
        return Optional.of("unchanged since its run" + when + " exited 0; --rerun runs it again");
    }

    /** A digest of the inputs' paths, sizes and modification times; empty without inputs. */
    static String inputsKey(Project project, Service service) {
        List<String> inputs = service.ml().inputs();
        if (inputs.isEmpty()) {
            return "";
        }
        MessageDigest digest = sha256();
        for (String input : inputs) {
            Path root = project.workingDir().resolve(input).normalize();
            digest.update((input + "\n").getBytes(StandardCharsets.UTF_8));
            if (!Files.exists(root)) {
                digest.update("missing\n".getBytes(StandardCharsets.UTF_8));
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> {
                    try {
                        digest.update((root.relativize(f) + " " + Files.size(f) + " "
                                + Files.getLastModifiedTime(f).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new ServiceFailure(service.name(), "cannot read input " + input + " of " + service.name() + ": "
                        + e.getMessage());
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
