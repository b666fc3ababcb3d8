package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerArchive;
import dev.mlcompose.runner.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code cp} between a container and this machine by {@code docker cp}'s rules ({@link CopyPlacement}), through the
 * engine's archive API (no tool in the image needed); {@code -} is a tar stream on stdin or stdout. With
 * {@code archive} owners are kept (the container's on the way out, this machine's on the way in; else root's in the
 * container); with {@code followLink} a source that is a symbolic link is copied as what it points to. What comes
 * out of a container is written only under the destination ({@link ConfinedUnpack}).
 */
public final class ContainerCopy {

    /** {@code -a} and {@code -L}. */
    public record Options(boolean archive, boolean followLink) {
    }

    private final Engine engine;

    public ContainerCopy(Engine engine) {
        this.engine = engine;
    }

    /** Copies {@code source} of the container to {@code destination} here ({@code "-"}: a tar stream to stdout). */
    public void fromContainer(String id, String name, String source, String destination, Path workingDir,
                              OutputStream stdout, Options options) {
        String path = CopyPlacement.absolute(source);
        ContainerArchive first = found(id, name, path);
        String topName = first.stat().name();
        ContainerArchive linked = first;
        if (options.followLink() && first.stat().isSymlink()) {
            close(first);
            linked = found(id, name, CopyPlacement.linkTarget(path, first.stat()));
        }
        try (ContainerArchive archive = linked) {
            if (destination.equals("-")) {
                archive.tar().transferTo(stdout);
                stdout.flush();
                return;
            }
            Path target = new CopyPlacement(name, source, destination).onHost(workingDir, topName,
                    archive.stat().isDirectory());
            ConfinedUnpack.unpack(archive.tar(), target, options.archive());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code source} here ({@code "-"}: a tar stream on stdin) to {@code destination} in the container. */
    public void intoContainer(String id, String name, String source, InputStream stdin, String destination,
                              Path workingDir, Options options) {
        String dest = CopyPlacement.absolute(destination);
        Optional<ContainerArchive.Stat> there = stat(id, dest);
        if (source.equals("-")) {
            if (there.isEmpty() || !there.get().isDirectory()) {
                throw new IllegalArgumentException("destination " + name + ":" + destination + " must be a directory");
            }
            engine.extract(id, dest, stdin);
            return;
        }
        Path src = workingDir.resolve(source);
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no such file or directory: " + src);
        }
        boolean directory = Files.isDirectory(src, linkOptions(options));
        var placed = new CopyPlacement(name, source, destination).inContainer(src, directory, there, p -> stat(id, p));
        HostArchive.extract(engine, id, placed.directory(),
                tar -> HostArchive.append(tar, src, placed.topName(), options.archive(), options.followLink()));
    }

    /** {@code source} as a tar whose top entry is named {@code topName} (null: its contents at the top). */
    static void pack(Path source, String topName, Options options, OutputStream out) throws IOException {
        HostArchive.write(out, tar -> HostArchive.append(tar, source, topName, options.archive(), options.followLink()));
    }

    private ContainerArchive found(String id, String name, String path) {
        return engine.archive(id, path).orElseThrow(() ->
                new IllegalArgumentException("Could not find the file " + path + " in container " + name));
    }

    private Optional<ContainerArchive.Stat> stat(String id, String path) {
        return engine.archive(id, path).map(a -> {
            close(a);
            return a.stat();
        });
    }

    private static LinkOption[] linkOptions(Options options) {
        return options.followLink() ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    private static void close(ContainerArchive archive) {
        try {
            archive.close();
        } catch (IOException e) {
            // the transfer is over either way
        }
    }
}
