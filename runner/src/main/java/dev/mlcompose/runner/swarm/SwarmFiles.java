package dev.mlcompose.runner.swarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The contents of file secrets and configs, which a Swarm stores itself (on one engine they are bind-mounted). */
public final class SwarmFiles {

    /** Swarm's own limit on a secret's or config's size. */
    static final long MAX_BYTES = 500 * 1024;

    /** A file that cannot be stored; {@link StackSpec} says at which key of the Compose file it is named. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(Path file, String why) {
            super("file " + file + " " + why);
        }
    }

    private SwarmFiles() {
    }

    /** The file's bytes; a missing, unreadable or oversized file is {@link Unreadable}. */
    public static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new Unreadable(file, "is over the 500 KiB a Swarm stores for a secret or config");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable(file, "does not exist");
        } catch (IOException e) {
            throw new Unreadable(file, "cannot be read: " + e.getMessage());
        }
    }
}
