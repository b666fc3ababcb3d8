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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code cp} between a container and this machine by {@code docker cp}'s rules, through the engine's archive API
 * (no tool in the image needed): a file into an existing directory lands there under its own name, a directory
 * into an existing one lands inside it (its contents only when the source ends with {@code /.}), anything else
 * takes the destination's name; {@code -} is a tar stream on stdin or stdout. With {@code archive} owners are
 * kept (the container's on the way out, this machine's on the way in; else root's in the container); with
 * {@code followLink} a source that is a symbolic link is copied as what it points to. What comes out of a
 * container is written only under the destination: an entry that would climb out of it, or write through a
 * symbolic link the archive made, is refused.
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
        String path = absolute(source);
        ContainerArchive first = found(id, name, path);
        String topName = first.stat().name();
        ContainerArchive linked = first;
        if (options.followLink() && first.stat().isSymlink()) {
            close(first);
            String target = first.stat().linkTarget().startsWith("/") ? first.stat().linkTarget()
                    : parent(path) + "/" + first.stat().linkTarget();
            linked = found(id, name, target);
        }
        try (ContainerArchive archive = linked) {
            if (destination.equals("-")) {
                archive.tar().transferTo(stdout);
                stdout.flush();
                return;
            }
            Path dest = workingDir.resolve(destination);
            boolean directory = archive.stat().isDirectory();
            Path target;
            if (Files.isDirectory(dest)) {
                target = directory && source.endsWith("/.") ? dest : dest.resolve(topName);
            } else if (Files.exists(dest)) {
                if (directory) {
                    throw new IllegalArgumentException("cannot copy directory " + name + ":" + source + " onto the file "
                            + destination);
                }
                target = dest;
            } else if (destination.endsWith("/") && !directory
                    || !Files.isDirectory(dest.toAbsolutePath().getParent())) {
                throw new IllegalArgumentException("no such directory: " + (destination.endsWith("/") ? dest
                        : dest.toAbsolutePath().getParent()));
            } else {
                target = dest;
            }
            unpack(archive.tar(), target, options.archive());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code source} here ({@code "-"}: a tar stream on stdin) to {@code destination} in the container. */
    public void intoContainer(String id, String name, String source, InputStream stdin, String destination,
                              Path workingDir, Options options) {
        String dest = absolute(destination);
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
        String directoryThere;
        String topName; // null: the source's contents go straight in
        if (there.isPresent() && there.get().isDirectory()) {
            directoryThere = dest;
            topName = directory && source.endsWith("/.") ? null : src.normalize().getFileName().toString();
        } else if (there.isPresent()) {
            if (directory) {
                throw new IllegalArgumentException("cannot copy directory " + source + " onto the file " + name + ":"
                        + destination);
            }
            directoryThere = parent(dest);
            topName = basename(dest);
        } else {
            Optional<ContainerArchive.Stat> parent = stat(id, parent(dest));
            if (destination.endsWith("/") && !directory || parent.isEmpty() || !parent.get().isDirectory()) {
                throw new IllegalArgumentException("no such directory: " + name + ":"
                        + (destination.endsWith("/") ? destination : parent(dest)));
            }
            directoryThere = parent(dest);
            topName = basename(dest);
        }
        HostArchive.extract(engine, id, directoryThere,
                tar -> HostArchive.append(tar, src, topName, options.archive(), options.followLink()));
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

    /** The tar's entries under {@code target}: its top entry becomes {@code target} itself. */
    static void unpack(InputStream tar, Path target, boolean owners) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<Runnable> modes = new ArrayList<>(); // directories last, so that a read-only one can still be filled
        var in = new TarArchiveInputStream(tar);
        String top = null;
        for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
            String name = entry.getName().replaceFirst("/+$", "");
            if (top == null) {
                top = name.split("/", 2)[0];
            }
            Path out = under(root, top, name);
            for (Path p = out.getParent(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
                if (Files.isSymbolicLink(p)) {
                    throw new IOException("the archive's entry " + name + " would be written through the link " + p);
                }
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
                int mode = entry.getMode();
                modes.add(() -> permissions(out, mode));
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(out.getParent());
                Files.deleteIfExists(out);
                Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            } else if (entry.isLink()) {
                Path linked = under(root, top, entry.getLinkName());
                Files.deleteIfExists(out);
                Files.createLink(out, linked);
            } else if (entry.isFile()) {
                Files.createDirectories(out.getParent());
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                permissions(out, entry.getMode());
            } else {
                continue; // devices and pipes are not copied out
            }
            if (owners) {
                Files.setAttribute(out, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(out, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }
        for (int i = modes.size() - 1; i >= 0; i--) {
            modes.get(i).run();
        }
    }

    /** Where the archive's entry {@code name} goes: its top entry {@code top} is {@code root}; never outside it. */
    private static Path under(Path root, String top, String name) throws IOException {
        String entry = name.replaceFirst("/+$", "");
        String relative = entry.equals(top) ? "" : entry.startsWith(top + "/") ? entry.substring(top.length() + 1) : null;
        Path out = relative == null ? null : root.resolve(relative).normalize();
        if (out == null || !out.startsWith(root)) {
            throw new IOException("the archive's entry " + name + " would be written outside " + root);
        }
        return out;
    }

    /** {@code source} as a tar whose top entry is named {@code topName} (null: its contents at the top). */
    static void pack(Path source, String topName, Options options, OutputStream out) throws IOException {
        HostArchive.write(out, tar -> HostArchive.append(tar, source, topName, options.archive(), options.followLink()));
    }

    private static void permissions(Path p, int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
                permissions.add(permission);
            }
        }
        try {
            Files.setPosixFilePermissions(p, permissions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LinkOption[] linkOptions(Options options) {
        return options.followLink() ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    /** As the docker CLI: a container path is relative to its root. */
    private static String absolute(String containerPath) {
        return containerPath.startsWith("/") ? containerPath : "/" + containerPath;
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

    private static void close(ContainerArchive archive) {
        try {
            archive.close();
        } catch (IOException e) {
            // the transfer is over either way
        }
    }
}
