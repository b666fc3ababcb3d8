package dev.mlcompose.schema.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a user of {@code mlcompose config} sees for one file: the printed project, or the problems, each one
 * line. Anything else that leaves the loader (a {@link StackOverflowError}, an {@link OutOfMemoryError}, any
 * other exception) is kept as {@code escaped}, so the test names the file it came from.
 *
 * @param config    the project as {@code config --format json} prints it, or null
 * @param problems  each problem as printed, the directory taken out of its file name
 * @param escaped   what left the loader that is neither a project nor an {@link InvalidProjectException}
 * @param allocated bytes the load allocated on its thread (garbage included)
 */
record UserView(String config, List<String> problems, Throwable escaped, long allocated) {

    /** Issue 14: each hostile file loads or is refused within this time. */
    static final Duration BOUND = Duration.ofSeconds(5);

    /** {@code file:line:column: message}, one line, the line and column known. */
    private static final Pattern LOCATED = Pattern.compile("[^\\n:]+:[1-9][0-9]*:[1-9][0-9]*: [^\\n]+");

    /** A Java stack frame or exception class quoted into a message. */
    private static final Pattern TRACE = Pattern.compile("\\bat [\\w$.]+\\(|java\\.lang\\.|Exception\\b");

    /** Loads {@code file} in {@code dir} as {@code mlcompose -f FILE config} would, within {@link #BOUND}. */
    static UserView load(Path dir, String file) {
        return assertTimeoutPreemptively(BOUND, () -> attempt(dir, file), () -> "loading " + dir.resolve(file));
    }

    private static UserView attempt(Path dir, String file) {
        long before = allocatedHere();
        try {
            var project = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u", "PATH", "/bin"), file));
            String printed = ConfigPrinter.json(project, true);
            return new UserView(printed, List.of(), null, allocatedHere() - before);
        } catch (InvalidProjectException e) {
            var lines = e.problems().stream().map(Problem::toString).map(p -> p.replace(dir + "/", "")).toList();
            return new UserView(null, lines, null, allocatedHere() - before);
        } catch (Throwable t) {
            return new UserView(null, List.of(), t, allocatedHere() - before);
        }
    }

    private static long allocatedHere() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Loaded, or refused with problems that are each one located line and quote no Java internals. */
    UserView isLoadedOrLocated(String what) {
        assertThat(escaped).as("%s: nothing but a project or located problems leaves the loader", what).isNull();
        if (config == null) {
            assertThat(problems).as("%s: refused with at least one problem", what).isNotEmpty();
            assertThat(problems).as("%s: each problem is file:line:column: message", what)
                    .allMatch(p -> LOCATED.matcher(p).matches());
            assertThat(problems).as("%s: no stack trace or exception class in a message", what)
                    .noneMatch(p -> TRACE.matcher(p).find());
        }
        return this;
    }

    /** Refused with exactly these problems (file names relative to the directory). */
    UserView isRefusedWith(String... expected) {
        isLoadedOrLocated("the file");
        assertThat(config).as("the file is refused").isNull();
        assertThat(problems).containsExactly(expected);
        return this;
    }

    /** The load allocated at most this many MiB, garbage included: memory follows the text, not the expansion. */
    UserView allocatedAtMostMiB(long mib) {
        assertThat(allocated >> 20).as("MiB allocated by the load").isLessThanOrEqualTo(mib);
        return this;
    }
}
