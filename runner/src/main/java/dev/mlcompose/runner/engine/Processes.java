package dev.mlcompose.runner.engine;

import java.util.List;

/** A container's processes, as {@code ps} shows them: column titles and one row per process. */
public record Processes(List<String> titles, List<List<String>> rows) {

    public Processes {
        titles = List.copyOf(titles);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
