package dev.mlcompose.schema.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-world Compose files against docker compose v2's own {@code config --format json} output
 * (golden/README.md says where each file came from and how the outputs were made). Each case runs where
 * the generator ran it, /tmp/mlcompose-golden/CASE with HOME=/home/golden, so absolute paths match as they are.
 * That place is shared by every checkout on the machine, so a case is staged and loaded under a file lock.
 */
class GoldenFilesTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Path WORK = Path.of("/tmp/mlcompose-golden");
    private static final Path LOCK = Path.of("/tmp/mlcompose-golden.lock");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> goldenCases() throws IOException {
        return cases("golden");
    }

    static Stream<String> invalidCases() throws IOException {
        return cases("invalid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void config_matches_docker_compose_v2(String name) throws IOException {
        assumeNoKnownGap(name);
        JsonNode expected = ChosenDifferences.inCompose(
                JSON.readTree(RESOURCES.resolve("golden").resolve(name).resolve("expected.json").toFile()));

        String printed = staged("golden", name, dir -> ConfigPrinter.json(ComposeLoader.load(request(dir, name)), true));
        JsonNode actual = ChosenDifferences.inOurs(JSON.readTree(printed));

        assertThat(actual.equals(NUMERIC_AWARE, expected))
                .as("config of %s differs from docker compose v2:%n%s", name, JsonDiff.between(actual, expected))
                .isTrue();
    }

    /** Cases with compose's own {@code config --hash '*'} output: the hash its containers carry as a label. */
    static Stream<String> hashedCases() throws IOException {
        return goldenCases().filter(name -> Files.exists(RESOURCES.resolve("golden").resolve(name)
                .resolve("compose-v2-hash.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashedCases")
    void config_hash_is_the_one_docker_compose_v2_labels_its_containers_with(String name) throws IOException {
        assumeNoKnownGap(name);
        var project = staged("golden", name, dir -> ComposeLoader.load(request(dir, name)));
        List<String> theirs = Files.readAllLines(RESOURCES.resolve("golden").resolve(name).resolve("compose-v2-hash.txt"));

        List<String> ours = theirs.stream().map(line -> line.split(" ")[0])
                .map(service -> service + " " + dev.mlcompose.schema.config.ConfigHash.of(project, service)).toList();

        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void invalid_file_is_reported_with_its_location(String name) throws IOException {
        List<String> expected = Files.readAllLines(RESOURCES.resolve("invalid").resolve(name).resolve("expected-errors.txt"));
        Path dir = WORK.resolve(name);

        Throwable thrown = staged("invalid", name, staged -> catchThrowable(() -> ComposeLoader.load(request(staged, name))));

        assertThat(thrown).isInstanceOf(InvalidProjectException.class)
                .satisfies(e -> assertThat(((InvalidProjectException) e).problems())
                        .extracting(p -> p.toString().replace(dir + "/", ""))
                        .as("problems of %s (compose v2 said: %s)", name, Files.readString(
                                RESOURCES.resolve("invalid").resolve(name).resolve("compose-v2-error.txt")).strip())
                        .containsExactlyElementsOf(expected)
                        .allSatisfy(line -> assertThat(line).as("names file:line:col")
                                .matches("^([\\w./-]+:\\d+:\\d+: .*|invalid project name.*)")));
    }

    private static LoadRequest request(Path dir, String name) throws IOException {
        List<String> args = new ArrayList<>();
        Path argsFile = RESOURCES.resolve(dirOf(name)).resolve(name).resolve("args");
        if (Files.exists(argsFile)) {
            Files.readAllLines(argsFile).stream().filter(l -> !l.isBlank()).forEach(args::add);
        }
        var files = new ArrayList<String>();
        var profiles = new ArrayList<String>();
        Optional<String> project = Optional.of(name.replaceAll("[^a-z0-9_-]", ""));
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-f", "--file" -> files.add(args.get(++i));
                case "--profile" -> profiles.add(args.get(++i));
                case "-p", "--project-name" -> project = Optional.of(args.get(++i));
                default -> throw new IllegalArgumentException("unsupported golden arg " + args.get(i));
            }
        }
        var env = Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/golden");
        return new LoadRequest(files, Optional.empty(), project, Optional.empty(), profiles, List.of(), env, dir,
                true, w -> { });
    }

    private static String dirOf(String name) {
        return Files.isDirectory(RESOURCES.resolve("golden").resolve(name)) ? "golden" : "invalid";
    }

    /** What a test does with a case staged in its place. */
    @FunctionalInterface
    private interface OnStaged<T> {
        T apply(Path dir) throws IOException;
    }

    /**
     * Stages the case and runs {@code body} on it while holding /tmp/mlcompose-golden.lock, so that test runs of
     * other checkouts (other JVMs, hence a file lock; the monitor covers this one) never stage over it meanwhile.
     */
    private static synchronized <T> T staged(String kind, String name, OnStaged<T> body) throws IOException {
        try (var channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            return body.apply(stage(kind, name));
        }
    }

    /** Copies the case to the place the generator ran it, fresh. */
    private static Path stage(String kind, String name) throws IOException {
        Path target = WORK.resolve(name);
        if (Files.exists(target)) {
            try (var walk = Files.walk(target)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path source = RESOURCES.resolve(kind).resolve(name);
        try (var walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().matches("expected\\.json|compose-v2-error\\.txt|expected-errors\\.txt")) {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    /** A case whose config still differs cannot have compose's hash either: both tests skip it. */
    private static void assumeNoKnownGap(String name) throws IOException {
        String gap = knownGaps().get(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(gap == null, () -> "known gap, listed in golden/KNOWN-GAPS: " + gap);
    }

    /** Cases that still differ from compose, each with its reason; the README points at this list. */
    private static Map<String, String> knownGaps() throws IOException {
        Path file = RESOURCES.resolve("golden/KNOWN-GAPS");
        var gaps = new java.util.HashMap<String, String>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\\s+", 2);
                    gaps.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        }
        return gaps;
    }

    private static Stream<String> cases(String kind) throws IOException {
        Path dir = RESOURCES.resolve(kind);
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (var list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Numbers compare by value: compose prints 80 where Jackson may read a long or an int. */
    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
