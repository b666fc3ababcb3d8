package dev.mlcompose.runner.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar that came out of a container, unpacked on this machine only under its destination: the archive is not
 * trusted, so an entry that would climb out of it, or write through a symbolic link the archive made, is refused.
 */
final class ConfinedUnpack {

    private ConfinedUnpack() {
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
}
