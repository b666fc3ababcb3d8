package dev.mlcompose.runner.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A job's metrics, from the lines of its standard output that start with {@code ::metric} (as GitHub Actions reads
 * its workflow commands): {@code ::metric accuracy=0.98 loss=0.12}. The last value of each name wins, so a retried
 * or epoch-by-epoch job reports its final one. Values that are not numbers are ignored.
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
                if (Double.isFinite(value) || Double.isNaN(value)) {
                    values.remove(pairs.group(1)); // the latest goes last, in the order the job reports
                    values.put(pairs.group(1), value);
                }
            } catch (NumberFormatException notANumber) {
                // a label such as epoch=final: not a metric
            }
        }
    }

    public synchronized Map<String, Double> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
