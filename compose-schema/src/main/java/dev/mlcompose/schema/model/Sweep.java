package dev.mlcompose.schema.model;

import dev.mlcompose.schema.yaml.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job run once per cell of its {@code x-mlcompose.matrix}: every combination of the values, in the file's order
 * (the first key varies slowest, as a GitHub Actions matrix), each cell's values in its container's environment.
 *
 * @param maxParallel how many cells run at once; 0 when not limited
 * @param anySuccess  the sweep has succeeded when one cell has ({@code sweep-success: any}); else every cell must
 */
public record Sweep(Map<String, List<String>> matrix, int maxParallel, boolean anySuccess) {

    /** The most cells one matrix may have: each is a container, and a typo in a list should not start thousands. */
    public static final int MAX_CELLS = 256;

    public Sweep {
        var copy = new LinkedHashMap<String, List<String>>();
        matrix.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        matrix = java.util.Collections.unmodifiableMap(copy);
    }

    /** One combination of the matrix's values; {@link #toString()} ({@code LR=0.001 SEED=0}) names it everywhere. */
    public record Cell(Map<String, String> values) {
        public Cell {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @Override
        public String toString() {
            var parts = new ArrayList<String>();
            values.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(" ", parts);
        }
    }

    /** Every cell, in order. */
    public List<Cell> cells() {
        List<Map<String, String>> cells = List.of(Map.of());
        for (var key : matrix.entrySet()) {
            var grown = new ArrayList<Map<String, String>>();
            for (Map<String, String> cell : cells) {
                for (String value : key.getValue()) {
                    var next = new LinkedHashMap<>(cell);
                    next.put(key.getKey(), value);
                    grown.add(next);
                }
            }
            cells = grown;
        }
        return cells.stream().map(Cell::new).toList();
    }

    /** The cell of this label ({@code LR=0.001 SEED=0}, as containers carry it); empty when the matrix has none. */
    public java.util.Optional<Cell> cell(String label) {
        return cells().stream().filter(c -> c.toString().equals(label)).findFirst();
    }

    /** The cell of these values; empty when the matrix has none. */
    public java.util.Optional<Cell> cell(Map<String, String> values) {
        return cells().stream().filter(c -> c.values().equals(values)).findFirst();
    }

    /** The sweep of {@code x-mlcompose}'s settings, as the schema has checked them. */
    static java.util.Optional<Sweep> of(Map<String, Object> settings) {
        if (!(settings.get("matrix") instanceof Map<?, ?> matrix)) {
            return java.util.Optional.empty();
        }
        var values = new LinkedHashMap<String, List<String>>();
        matrix.forEach((k, v) -> values.put(String.valueOf(k), ((List<?>) v).stream().map(ScalarNode::text).toList()));
        int maxParallel = settings.get("max-parallel") instanceof Number n ? n.intValue() : 0;
        return java.util.Optional.of(new Sweep(values, maxParallel, "any".equals(settings.get("sweep-success"))));
    }
}
