package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where one {@code cp} puts what it copies, by {@code docker cp}'s rules: a file into an existing directory lands
 * there under its own name, a directory into an existing one lands inside it (its contents only when the source
 * ends with {@code /.}), anything else takes the destination's name. A destination that cannot take the source is
 * refused before anything is copied.
 */
final class CopyPlacement {

    /** In the container: the directory to extract into, and the top entry's name there (null: the contents). */
    record InContainer(String directory, String topName) {
    }

    private final String container;
    private final String source;
    private final String destination;

    /** {@code container}: its name, for the messages; {@code source} and {@code destination}: as given. */
    CopyPlacement(String container, String source, String destination) {
        this.container = container;
        this.source = source;
        this.destination = destination;
    }

    /** Where the container's {@code topName} lands here; a relative destination is under {@code workingDir}. */
    Path onHost(Path workingDir, String topName, boolean directory) {
        Path dest = workingDir.resolve(destination);
        if (Files.isDirectory(dest)) {
            return directory && source.endsWith("/.") ? dest : dest.resolve(topName);
        }
        if (Files.exists(dest)) {
            if (directory) {
                throw new IllegalArgumentException("cannot copy directory " + container + ":" + source
                        + " onto the file " + destination);
            }
            return dest;
        }
        if (destination.endsWith("/") && !directory || !Files.isDirectory(dest.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("no such directory: " + (destination.endsWith("/") ? dest
                    : dest.toAbsolutePath().getParent()));
        }
        return dest;
    }

    /**
     * Where {@code src} of this machine lands in the container; {@code there}: what the destination is there now,
     * {@code stat}: what a path there is, asked for the destination's parent only when the destination is absent.
     */
    InContainer inContainer(Path src, boolean directory, Optional<ContainerArchive.Stat> there,
                            Function<String, Optional<ContainerArchive.Stat>> stat) {
        String dest = absolute(destination);
        if (there.isPresent() && there.get().isDirectory()) {
            return new InContainer(dest, directory && source.endsWith("/.") ? null
                    : src.normalize().getFileName().toString());
        }
        if (there.isPresent()) {
            if (directory) {
                throw new IllegalArgumentException("cannot copy directory " + source + " onto the file " + container
                        + ":" + destination);
            }
            return new InContainer(parent(dest), basename(dest));
        }
        Optional<ContainerArchive.Stat> parent = stat.apply(parent(dest));
        if (destination.endsWith("/") && !directory || parent.isEmpty() || !parent.get().isDirectory()) {
            throw new IllegalArgumentException("no such directory: " + container + ":"
                    + (destination.endsWith("/") ? destination : parent(dest)));
        }
        return new InContainer(parent(dest), basename(dest));
    }

    /** As the docker CLI: a container path is relative to its root. */
    static String absolute(String containerPath) {
        return containerPath.startsWith("/") ? containerPath : "/" + containerPath;
    }

    /** What the link at {@code path} in a container points to, as an absolute path there. */
    static String linkTarget(String path, ContainerArchive.Stat link) {
        return link.linkTarget().startsWith("/") ? link.linkTarget() : parent(path) + "/" + link.linkTarget();
    }

    private static String parent(String path) {
        String trimmed = path.replaceFirst("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        return slash <= 0 ? "/" : trimmed.substring(0, slash);
    }

    private static String basename(String path) {
        String trimmed = path.replaceFirst("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
