package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.plan.Operation.AwaitEnd;
import dev.mlcompose.runner.plan.Operation.PreStart;
import dev.mlcompose.runner.plan.Operation.Remove;
import dev.mlcompose.runner.plan.Operation.Start;
import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Orders a sweep's steps, for {@link Planner}: each cell's steps one after the other, the cells side by side,
 * except that a cell comes after the end of the one {@code max-parallel} places ahead of it; cells no longer in
 * the matrix are removed first, and the service's pre_start steps (when they run) come before its first start.
 */
final class SweepPlanner {

    private final Project project;
    private final Service service;
    private final Sweep sweep;
    private final boolean noStart;
    /** Adds a step after the steps given; its number. */
    private final BiFunction<Operation, List<Integer>, Integer> add;

    SweepPlanner(Project project, Service service, Sweep sweep, boolean noStart,
                 BiFunction<Operation, List<Integer>, Integer> add) {
        this.project = project;
        this.service = service;
        this.sweep = sweep;
        this.noStart = noStart;
        this.add = add;
    }

    /**
     * Adds the steps of the cells matched to their replicas, {@code chains} each cell's operations, after {@code
     * previous}; the steps that end the sweep.
     */
    List<Integer> plan(CellReplicas cells, List<List<Operation>> chains, List<Integer> previous) {
        String name = service.name();
        List<Integer> first = previous;
        for (ContainerState gone : cells.leftovers()) {
            first = List.of(add.apply(new Remove(name, gone, "not in the matrix"), first));
        }
        long starting = chains.stream().flatMap(List::stream).filter(Start.class::isInstance).count();
        boolean preStart = Planner.preStarts(service, (int) starting, chains.size());
        int parallel = sweep.maxParallel() == 0 || noStart ? Integer.MAX_VALUE : sweep.maxParallel();
        var cellEnds = new ArrayList<List<Integer>>();
        Integer preStartStep = null;
        for (int i = 0; i < chains.size(); i++) {
            var last = new ArrayList<>(first);
            if (i >= parallel) {
                String ahead = Names.container(project, service, cells.slots().get(i - parallel).number());
                last.add(add.apply(new AwaitEnd(name, ahead, parallel), cellEnds.get(i - parallel)));
            }
            for (Operation op : chains.get(i)) {
                if (op instanceof Start start && preStart) {
                    if (preStartStep == null) {
                        preStartStep = add.apply(new PreStart(name, start.number()), List.copyOf(last));
                    }
                    last.add(preStartStep);
                }
                int step = add.apply(op, List.copyOf(last));
                last.clear();
                last.add(step);
            }
            cellEnds.add(List.copyOf(last));
        }
        return cellEnds.stream().flatMap(List::stream).distinct().toList();
    }
}
