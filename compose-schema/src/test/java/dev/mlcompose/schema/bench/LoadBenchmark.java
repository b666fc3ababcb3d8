package dev.mlcompose.schema.bench;

import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.nio.file.Path;

/**
 * Measures the loader inside one JVM: the first load (cold, what a CLI run pays) and the median of warm
 * loads. Run by benchmarks/config.sh; not a test.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        var request = LoadRequest.of(file.getParent(), System.getenv(), file.toString());
        long start = System.nanoTime();
        int size = ConfigPrinter.json(ComposeLoader.load(request), true).length();
        long cold = System.nanoTime() - start;
        long[] warm = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            ConfigPrinter.json(ComposeLoader.load(request), true);
            warm[i] = System.nanoTime() - t;
        }
        java.util.Arrays.sort(warm);
        System.out.printf("in-JVM load+print of %s (%d bytes of JSON): cold %.0f ms, warm median %.1f ms%n",
                file.getFileName(), size, cold / 1e6, warm[rounds / 2] / 1e6);
    }
}
