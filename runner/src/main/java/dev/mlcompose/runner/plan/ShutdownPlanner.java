package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.plan.Operation.Remove;
import dev.mlcompose.runner.plan.Operation.Stop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Decides the order of {@code down}, {@code stop} and the removal of orphans, purely: a service's running
 * containers stop once every service that depends on it has exited, each container is removed after its stop,
 * and a stopped one is only removed. The order comes from the containers' own {@code depends_on} labels, so
 * {@code down} needs no Compose file (as compose's {@code down} reads the labels too).
 */
public final class ShutdownPlanner {

    private final List<Plan.Step> steps = new ArrayList<>();

    private ShutdownPlanner() {
    }

    /** The plan that stops {@code containers} and, with {@code remove}, removes them. */
    public static Plan plan(List<ContainerState> containers, boolean remove) {
        return new ShutdownPlanner().shutdown(containers, remove);
    }

    private Plan shutdown(List<ContainerState> containers, boolean remove) {
        var services = new LabelledServices(containers);
        var stops = new HashMap<String, List<Integer>>(); // per service, the steps that stop its containers
        List<String> order = services.order(false);
        for (String service : order) {
            var after = services.dependents(service).stream().sorted()
                    .flatMap(d -> stops.getOrDefault(d, List.of()).stream()).sorted().toList();
            var mine = new ArrayList<Integer>();
            for (ContainerState c : services.byService.get(service)) {
                int stop = c.isRunning() ? add(new Stop(service, c), after) : 0;
                if (stop > 0) {
                    mine.add(stop);
                }
                if (remove) {
                    add(new Remove(service, c, ""), stop > 0 ? List.of(stop) : List.of());
                }
            }
            stops.put(service, mine);
        }
        return new Plan(steps, order, List.of());
    }

    private int add(Operation operation, List<Integer> after) {
        int id = steps.size() + 1;
        steps.add(new Plan.Step(id, operation, after));
        return id;
    }
}
