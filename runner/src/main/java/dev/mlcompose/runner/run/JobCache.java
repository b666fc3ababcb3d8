package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.ServiceFailure;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The key of a job's {@code x-mlcompose.inputs}, by which the {@link dev.mlcompose.runner.plan.Planner} skips
 * a job whose identical run succeeded (with its config hash and image ID). Inputs are compared by content
 * (SHA-256 of each file, with its path), not by size and modification time: a fresh clone in CI, or a
 * {@code touch}, resets those, and the cache should survive both.
 */
public final class JobCache {

    private JobCache() {
    }

    /** The key of each of the services' inputs, as the files are now: the planner's input. */
    static Map<String, String> inputs(Project project, Set<String> services) {
        var keys = new HashMap<String, String>();
        services.forEach(name -> project.service(name).ifPresent(s -> {
            String key = inputsKey(project, s);
            if (!key.isEmpty()) {
                keys.put(name, key);
            }
        }));
        return keys;
    }

    /** A digest of the inputs' paths and contents; empty without inputs. */
    public static String inputsKey(Project project, Service service) {
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
                    digest.update((root.relativize(f) + " " + contentHash(f) + "\n").getBytes(StandardCharsets.UTF_8));
                });
            } catch (IOException | UncheckedIOException e) {
                throw new ServiceFailure(service.name(), "cannot read input " + input + " of " + service.name() + ": "
                        + e.getMessage());
            }
        }
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /** The SHA-256 of a file's bytes, read in blocks (a data set may not fit in memory). */
    private static String contentHash(Path file) {
        MessageDigest digest = sha256();
        byte[] block = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(block)) > 0; ) {
                digest.update(block, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
