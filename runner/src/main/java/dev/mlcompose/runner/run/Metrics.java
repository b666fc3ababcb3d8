package dev.mlcompose.runner.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A job's metrics, from the lines of its standard output that start with {@code ::metric} (as GitHub Actions reads
 * its workflow commands): {@code ::metric accuracy=0.98 loss=0.12}. The last value of each name wins, so a retried
 * or epoch-by-epoch job reports its final one. Values that are not finite numbers are ignored (NaN would make the
 * history's JSON unreadable). A job may also leave a {@code metrics.json} (one object of numbers) in its outputs.
 */
public final class Metrics {

    /** What starts a metric line. */
    public static final String PREFIX = "::metric ";

    private static final Pattern PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)=(\\S+)");

    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Reads one line of output; what is not a metric line is passed over. */
    public synchronized void accept(String line) {
        if (!line.startsWith(PREFIX)) {
            return;
        }
        var pairs = PAIR.matcher(line.substring(PREFIX.length()));
        while (pairs.find()) {
            try {
                double value = Double.parseDouble(pairs.group(2));
                if (Double.isFinite(value)) {
                    values.remove(pairs.group(1)); // the latest goes last, in the order the job reports
                    values.put(pairs.group(1), value);
                }
            } catch (NumberFormatException notANumber) {
                // a label such as epoch=final: not a metric
            }
        }
    }

    /**
     * The numbers of the first {@code metrics.json} found in a job's outputs folder (at its top or one folder down);
     * empty without one, or when it is not an object of numbers (then its other entries are passed over).
     */
    static Map<String, Double> ofFile(Path outputs) {
        var values = new LinkedHashMap<String, Double>();
        try (var found = Files.find(outputs, 2, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().equals("metrics.json") && a.size() < 1 << 20)) {
            var file = found.sorted().findFirst();
            if (file.isPresent()) {
                var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.get().toFile());
                tree.fields().forEachRemaining(e -> {
                    if (e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble())
                            && PAIR.matcher(e.getKey() + "=0").matches()) {
                        values.put(e.getKey(), e.getValue().asDouble());
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            return values; // a broken file: the job's ::metric lines still count
        }
        return values;
    }

    public synchronized Map<String, Double> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
