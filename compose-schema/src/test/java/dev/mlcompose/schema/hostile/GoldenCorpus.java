package dev.mlcompose.schema.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** The golden cases as the mutants' originals: listed in a fixed order, and copied with a mutant in place. */
public final class GoldenCorpus {

    private GoldenCorpus() {
    }

    /** The cases under {@code golden} whose main file is compose.yaml, in a fixed order. */
    public static List<Path> cases(Path golden) throws IOException {
        try (var list = Files.list(golden)) {
            return list.filter(d -> Files.isRegularFile(d.resolve("compose.yaml"))).sorted().toList();
        }
    }

    /** Mutant {@code index} of the corpus: its original case and its bytes. */
    public record Numbered(int index, Path original, Mutations.Mutant mutant) {
    }

    /**
     * {@code count} mutants of the cases under {@code golden}, case after case, each from a {@link Random} of its own
     * (so one mutant is made again alone from its index and the seed).
     */
    public static List<Numbered> mutants(Path golden, int count, long seed) throws IOException {
        List<Path> cases = cases(golden);
        return IntStream.range(0, count).mapToObj(i -> {
            Path original = cases.get(i % cases.size());
            return new Numbered(i, original, Mutations.mutate(main(original), new Random(seed * 1_000 + i)));
        }).toList();
    }

    /** The case's compose.yaml. */
    public static byte[] main(Path original) {
        try {
            return Files.readAllBytes(original.resolve("compose.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of the case under {@code into} (its other files too: .env, includes, extends targets) with the mutant as
     * compose.yaml; returns the copy's directory.
     */
    public static Path stage(Path original, Path into, byte[] mutant) throws IOException {
        Path dir = into.resolve(original.getFileName());
        try (var walk = Files.walk(original)) {
            for (Path from : walk.toList()) {
                Path to = dir.resolve(original.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Files.write(dir.resolve("compose.yaml"), mutant);
        return dir;
    }
}
