package dev.mlcompose.runner.watch;

import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Service.WatchAction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What one batch of changes to a service comes to, decided before anything is done. A rebuild replaces the
 * containers from a new image, so it is all that happens (as in compose); else the files of syncing rules go in,
 * then the service restarts when a {@code restart} or {@code sync+restart} rule saw a change, then each
 * {@code sync+exec} rule's command runs once.
 */
record BatchActions(boolean rebuild, List<Change> syncs, boolean restart, List<Service.Hook> execs) {

    BatchActions {
        syncs = List.copyOf(syncs);
        execs = List.copyOf(execs);
    }

    static BatchActions of(Collection<Change> batch) {
        if (batch.stream().anyMatch(c -> c.rule().action() == WatchAction.REBUILD)) {
            return new BatchActions(true, List.of(), false, List.of());
        }
        var syncs = new ArrayList<Change>();
        boolean restart = false;
        var execs = new LinkedHashSet<Service.Hook>();
        for (Change c : batch) {
            if (c.rule().syncs() && c.containerPath().isPresent()) {
                syncs.add(c);
            }
            WatchAction action = c.rule().action();
            restart |= action == WatchAction.RESTART || action == WatchAction.SYNC_RESTART;
            if (action == WatchAction.SYNC_EXEC) {
                c.rule().exec().ifPresent(execs::add);
            }
        }
        return new BatchActions(false, syncs, restart, List.copyOf(execs));
    }

    boolean isEmpty() {
        return !rebuild && syncs.isEmpty() && !restart && execs.isEmpty();
    }
}
