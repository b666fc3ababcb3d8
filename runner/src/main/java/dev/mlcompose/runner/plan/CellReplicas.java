package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Sweep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sweep's cells matched to the service's containers by their cell label, not by number, so that a cell keeps
 * its container (and its cached run) when the matrix grows or shrinks. A new cell takes the lowest number that no
 * kept cell has; containers of cells no longer in the matrix are {@code leftovers}, removed before any is created.
 */
record CellReplicas(List<Slot> slots, List<ContainerState> leftovers) {

    /** A cell, the replica number it runs as, and its container when it has one. */
    record Slot(Sweep.Cell cell, int number, Optional<ContainerState> current) {
    }

    static CellReplicas match(List<Sweep.Cell> cells, List<ContainerState> replicas) {
        Set<String> wanted = new HashSet<>();
        cells.forEach(c -> wanted.add(c.toString()));
        Map<String, ContainerState> byCell = new HashMap<>();
        var leftovers = new ArrayList<ContainerState>();
        for (ContainerState c : replicas) {
            String cell = c.label(Labels.CELL);
            if (wanted.contains(cell) && !byCell.containsKey(cell)) {
                byCell.put(cell, c);
            } else {
                leftovers.add(c);
            }
        }
        Set<Integer> taken = new HashSet<>();
        byCell.values().forEach(c -> taken.add(ObservedState.number(c)));
        var slots = new ArrayList<Slot>();
        int free = 1;
        for (Sweep.Cell cell : cells) {
            ContainerState current = byCell.get(cell.toString());
            if (current != null) {
                slots.add(new Slot(cell, ObservedState.number(current), Optional.of(current)));
                continue;
            }
            while (taken.contains(free)) {
                free++;
            }
            taken.add(free);
            slots.add(new Slot(cell, free, Optional.empty()));
        }
        return new CellReplicas(slots, leftovers);
    }
}
