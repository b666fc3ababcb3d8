package dev.mlcompose.schema.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's corpus: deterministic random damage to the golden files (byte flips, cut and shuffled lines,
 * anchors, aliases, merge keys and tags in odd places, control characters, huge numbers, cycles). Each mutant,
 * loaded in its case's directory, is a project or problems that are each one located line, within
 * {@link UserView#BOUND}; this class runs in a fork with a 512 MiB heap (compose-schema/pom.xml, execution
 * hostile-files), so a load that blows up fails it.
 */
class MutatedGoldenFilesTest {

    static final int MUTANTS = 400;
    private static final long SEED = 14;
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static final AtomicInteger LOADED = new AtomicInteger();
    private static final AtomicInteger REFUSED = new AtomicInteger();

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> every_mutant_loads_or_is_refused_in_located_lines() throws IOException {
        return GoldenCorpus.mutants(GOLDEN, MUTANTS, SEED).stream().map(m -> {
            String name = "#" + m.index() + " " + m.original().getFileName() + ": " + m.mutant().description();
            return DynamicTest.dynamicTest(name, () -> {
                Path dir = GoldenCorpus.stage(m.original(), work.resolve("m" + m.index()), m.mutant().bytes());
                UserView view = UserView.load(dir, "compose.yaml").isLoadedOrLocated(name);
                (view.config() != null ? LOADED : REFUSED).incrementAndGet();
            });
        });
    }

    /** A corpus that only ever loaded, or only ever failed, would prove nothing about the other outcome. */
    @AfterAll
    static void both_outcomes_were_exercised() {
        System.out.printf("%d mutants: %d loaded, %d refused in located lines%n", MUTANTS, LOADED.get(), REFUSED.get());
        if (LOADED.get() + REFUSED.get() == MUTANTS) {
            assertThat(LOADED.get()).as("mutants that still load").isGreaterThan(MUTANTS / 10);
            assertThat(REFUSED.get()).as("mutants refused").isGreaterThan(MUTANTS / 10);
        }
    }
}
