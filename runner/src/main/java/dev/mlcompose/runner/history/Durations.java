package dev.mlcompose.runner.history;

import java.time.Duration;
import java.util.Locale;

/** How long a job or a run took, as its summaries print it: {@code 4.3s}, or {@code 12m 5s} from a minute on. */
public final class Durations {

    private Durations() {
    }

    public static String text(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + "m " + d.toSecondsPart() + "s"
                : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
