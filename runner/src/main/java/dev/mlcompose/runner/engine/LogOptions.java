package dev.mlcompose.runner.engine;

import java.util.Optional;

/** Which log lines to read: follow or not, the last N, a time window (unix seconds), timestamps. */
public record LogOptions(boolean follow, Optional<Integer> tail, Optional<Long> since, Optional<Long> until,
                         boolean timestamps) {

    public static LogOptions all() {
        return new LogOptions(false, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    public static LogOptions following() {
        return new LogOptions(true, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    public static LogOptions last(int lines) {
        return new LogOptions(false, Optional.of(lines), Optional.empty(), Optional.empty(), false);
    }
}
