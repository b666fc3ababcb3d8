package dev.mlcompose.runner.engine;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A path in a container as the engine's archive API gives it: what the path is, and its content as a tar stream
 * whose top entry is named after the path's last element. Closing it ends the transfer.
 */
public record ContainerArchive(Stat stat, InputStream tar) implements Closeable {

    /** The engine's stat of the path: its last element, size, Go file mode bits, and a symlink's target. */
    public record Stat(String name, long size, long mode, String linkTarget) {

        private static final long GO_DIRECTORY = 1L << 31;
        private static final long GO_SYMLINK = 1L << 27;

        public boolean isDirectory() {
            return (mode & GO_DIRECTORY) != 0;
        }

        public boolean isSymlink() {
            return (mode & GO_SYMLINK) != 0;
        }
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
