package dev.mlcompose.runner.history;

import java.time.Duration;
import java.util.Locale;

/** Durations as mlcompose prints them. */
public final class Durations {

    private Durations() {
    }

    /** How long a job or a run took, as its summaries print it: {@code 4.3s}, or {@code 12m 5s} from a minute on. */
    public static String text(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s"
                : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** A setting (a deadline, a backoff, a timeout) as a file would write it: {@code 2s}, {@code 1.5s}, {@code 250ms}. */
    public static String setting(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
