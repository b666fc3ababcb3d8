package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Files of this machine as a tar stream for the engine's archive API ({@code cp} into a container, {@code watch}'s
 * syncs): streamed through a pipe while it is written, so a large file is never held in memory.
 */
public final class HostArchive {

    /** Writes a tar's entries; the stream is closed after it. */
    @FunctionalInterface
    public interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private HostArchive() {
    }

    /** Extracts the tar that {@code entries} writes into {@code directory} of container {@code id}. */
    public static void extract(Engine engine, String id, String directory, Entries entries) {
        var pipe = new PipedInputStream(1 << 16);
        PipedOutputStream packing;
        try {
            packing = new PipedOutputStream(pipe); // connected here: a read before the packer runs would fail
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Void> packed = Background.inBackground("mlcompose-tar", () -> {
            try (packing) {
                write(packing, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        try (pipe) {
            engine.extract(id, directory, pipe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Background.join(packed);
    }

    /** The tar that {@code entries} writes, on {@code out}, with POSIX headers for long names and large sizes. */
    public static void write(OutputStream out, Entries entries) throws IOException {
        try (var tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            entries.write(tar);
        }
    }

    /**
     * Adds {@code source} (a file, a link or a whole directory) under the entry name {@code topName} (null: a
     * directory's contents at the top). With {@code owners} the entries carry this machine's uid and gid; with
     * {@code followLinks} a link is archived as what it points to. Sockets, pipes and devices are left out.
     */
    public static void append(TarArchiveOutputStream tar, Path source, String topName, boolean owners,
                              boolean followLinks) throws IOException {
        LinkOption[] links = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try (Stream<Path> walk = followLinks ? Files.walk(source, FileVisitOption.FOLLOW_LINKS) : Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String relative = source.relativize(p).toString().replace('\\', '/');
                if (topName == null && relative.isEmpty()) {
                    continue;
                }
                String entryName = topName == null ? relative : relative.isEmpty() ? topName : topName + "/" + relative;
                TarArchiveEntry entry;
                boolean regular = false;
                if (Files.isSymbolicLink(p) && !followLinks) {
                    entry = new TarArchiveEntry(entryName, TarConstants.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p, links)) {
                    entry = new TarArchiveEntry(entryName + "/");
                } else if (Files.isRegularFile(p, links)) {
                    entry = new TarArchiveEntry(entryName);
                    entry.setSize(Files.size(p));
                    regular = true;
                } else {
                    continue;
                }
                entry.setMode(mode(p, entry.isDirectory(), links));
                entry.setModTime(Files.getLastModifiedTime(p, links).toMillis());
                if (owners) {
                    entry.setUserId(((Number) Files.getAttribute(p, "unix:uid", links)).longValue());
                    entry.setGroupId(((Number) Files.getAttribute(p, "unix:gid", links)).longValue());
                }
                tar.putArchiveEntry(entry);
                if (regular) { // not entry.isFile(), which a symbolic link's entry also says
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    private static int mode(Path p, boolean directory, LinkOption[] links) throws IOException {
        if (Files.isSymbolicLink(p) && links.length > 0) {
            return 0777;
        }
        int bits = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(p, links)) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return (directory ? 040000 : 0100000) | bits;
    }
}
