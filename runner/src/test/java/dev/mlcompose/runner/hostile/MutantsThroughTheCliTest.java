package dev.mlcompose.runner.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlcompose.runner.cli.MlCompose;
import dev.mlcompose.schema.hostile.GoldenCorpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's corpus as a user meets it: each mutant of a golden file given to {@code mlcompose config} (every other
 * one with {@code --format json}) prints its project and exits 0, or prints located {@code error:} lines (after
 * any warnings) and exits 3,
 * within 5 s, in a JVM with a 512 MiB heap (runner/pom.xml, execution hostile-files), never a stack trace. The
 * loader alone meets another corpus in compose-schema's MutatedGoldenFilesTest.
 */
class MutantsThroughTheCliTest {

    private static final int MUTANTS = 320;
    private static final long SEED = 1414; // not the loader test's seed: another corpus
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Path GOLDEN = Path.of("../compose-schema/src/test/resources/golden");

    /** What the CLI prints for a refused file: {@code error: file:line:column: message}. */
    private static final Pattern LOCATED = Pattern.compile("error: [^\\n:]+:[1-9][0-9]*:[1-9][0-9]*: [^\\n]+");
    private static final Pattern SUMMARY = Pattern.compile("[0-9]+ problems found\\.");
    private static final Pattern TRACE = Pattern.compile("\\bat [\\w$.]+\\(|java\\.lang\\.|Exception\\b");

    private static final AtomicInteger LOADED = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    @TempDir
    static Path work;

    private record Outcome(int code, String out, String err) {
    }

    @TestFactory
    Stream<DynamicTest> each_mutant_is_its_config_and_exit_0_or_located_errors_and_exit_3() throws IOException {
        return GoldenCorpus.mutants(GOLDEN, MUTANTS, SEED).stream().map(m -> {
            String[] command = m.index() % 2 == 0 ? new String[] {"config"} : new String[] {"config", "--format", "json"};
            String name = "#" + m.index() + " " + m.original().getFileName() + " " + String.join(" ", command) + ": "
                    + m.mutant().description();
            return DynamicTest.dynamicTest(name, () -> {
                Path dir = GoldenCorpus.stage(m.original(), work.resolve("m" + m.index()), m.mutant().bytes());
                Outcome outcome = assertTimeoutPreemptively(BOUND, () -> run(dir, command), () -> name);
                String said = name + "\n" + outcome.err();
                assertThat(outcome.err()).as(said).doesNotContainPattern(TRACE);
                if (outcome.code() == 0) {
                    LOADED.incrementAndGet();
                    assertThat(outcome.out()).as(said).isNotBlank();
                } else {
                    REFUSED.incrementAndGet();
                    assertThat(outcome.code()).as(said).isEqualTo(3);
                    var lines = outcome.err().lines().filter(l -> !l.startsWith("WARN ")).toList(); // warnings may come first
                    assertThat(lines).as(said).isNotEmpty().first().asString().matches(LOCATED);
                    assertThat(lines).as(said).allMatch(l -> LOCATED.matcher(l).matches() || SUMMARY.matcher(l).matches());
                    assertThat(outcome.out()).as(said).isEmpty();
                }
            });
        });
    }

    /** A corpus that only ever loaded, or only ever failed, would prove nothing about the other outcome. */
    @AfterAll
    static void both_outcomes_were_exercised() {
        System.out.printf("%d mutants through the CLI: %d printed, %d refused%n", MUTANTS, LOADED.get(), REFUSED.get());
        if (LOADED.get() + REFUSED.get() == MUTANTS) {
            assertThat(LOADED.get()).as("mutants printed").isGreaterThan(MUTANTS / 10);
            assertThat(REFUSED.get()).as("mutants refused").isGreaterThan(MUTANTS / 10);
        }
    }

    private static Outcome run(Path dir, String... command) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = MlCompose.run(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]),
                Map.of("HOME", "/home/u", "PATH", "/bin", "DOCKER_HOST", "tcp://127.0.0.1:9"), dir, command);
        return new Outcome(code, out.toString(), err.toString());
    }
}
