package dev.mlcompose.runner.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Serialises one short step of the runs of a project on this machine (listing and creating its networks and
 * volumes), so that two {@code up}s started together never both create what neither saw. Best effort: where
 * no lock file can be made the step runs unlocked, and what the engine answers still decides (see
 * {@link ProjectResources}), as it must for two machines sharing one engine. A file lock belongs to the whole JVM
 * (a second one from the same JVM fails), so the resident server's commands first take turns on a monitor.
 */
final class ProjectLock {

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "mlcompose-locks");
    /** One monitor per project name, for the commands that share this JVM. */
    private static final ConcurrentHashMap<String, Object> IN_THIS_JVM = new ConcurrentHashMap<>();

    private ProjectLock() {
    }

    static <T> T around(String project, Supplier<T> step) {
        synchronized (IN_THIS_JVM.computeIfAbsent(project, p -> new Object())) {
            return acrossProcesses(project, step);
        }
    }

    private static <T> T acrossProcesses(String project, Supplier<T> step) {
        FileChannel channel;
        try {
            Files.createDirectories(DIR);
            channel = FileChannel.open(DIR.resolve(project + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            return step.get();
        }
        try {
            channel.lock(); // released when the channel closes
        } catch (IOException e) {
            // a file system without locks: unlocked, as above
        }
        try {
            return step.get();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock goes with the process at the latest
            }
        }
    }
}
