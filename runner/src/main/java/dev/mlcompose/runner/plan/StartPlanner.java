package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.plan.Operation.PreStart;
import dev.mlcompose.runner.plan.Operation.Start;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides {@code start} and the start half of {@code restart} of existing containers, purely: service by service
 * in dependency order (as compose's {@code start}), each stopped container started, after the service's
 * pre_start steps when {@code preStart}, the model has them, and none of its replicas runs (one-offs aside).
 * A pre_start step's kept container is none of them. One step after the other, as compose starts them.
 */
public final class StartPlanner {

    private StartPlanner() {
    }

    public static Plan plan(List<ContainerState> containers, Optional<Project> model, boolean preStart) {
        var services = new LabelledServices(containers.stream().filter(c -> c.label(Labels.HOOK).isEmpty()).toList());
        var operations = new ArrayList<Operation>();
        List<String> order = services.order(true);
        for (String name : order) {
            List<ContainerState> mine = services.byService.get(name);
            var replicas = mine.stream().filter(c -> !c.label(Labels.ONEOFF).equals("True"))
                    .sorted(Comparator.comparingInt(ObservedState::number)).toList();
            var stopped = replicas.stream().filter(c -> !c.isRunning()).toList();
            model.flatMap(p -> p.service(name)).filter(s -> preStart && Planner.preStarts(s, stopped.size(),
                    replicas.size())).ifPresent(s -> operations.add(new PreStart(name, ObservedState.number(stopped.get(0)))));
            mine.stream().filter(c -> !c.isRunning()).forEach(c -> operations.add(new Start(name, ObservedState.number(c),
                    c.name(), Optional.of(c))));
        }
        var steps = new ArrayList<Plan.Step>();
        for (Operation op : operations) {
            steps.add(new Plan.Step(steps.size() + 1, op, steps.isEmpty() ? List.of() : List.of(steps.size())));
        }
        return new Plan(steps, order, List.of());
    }
}
