package dev.mlcompose.runner.swarm;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.yaml.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The contents of file secrets and configs, which a Swarm stores itself (on one engine they are bind-mounted). */
public final class SwarmFiles {

    /** Swarm's own limit on a secret's or config's size. */
    static final long MAX_BYTES = 500 * 1024;

    private SwarmFiles() {
    }

    /** The file's bytes; a missing, unreadable or oversized file is a problem of the project. */
    public static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw problem(file, "is over the 500 KiB a Swarm stores for a secret or config");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file, "does not exist");
        } catch (IOException e) {
            throw problem(file, "cannot be read: " + e.getMessage());
        }
    }

    private static InvalidProjectException problem(Path file, String what) {
        return new InvalidProjectException(new Problem(Location.NONE, "", "file " + file + " " + what));
    }
}
