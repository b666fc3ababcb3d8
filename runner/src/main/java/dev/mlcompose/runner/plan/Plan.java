package dev.mlcompose.runner.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a command does, decided before anything is done: steps, each to run once the steps it comes
 * {@code after} are done, so independent services converge (or stop) at once. {@code services} are those it
 * acts on, in its order (start order for {@code up}, stop order for {@code down}); {@code warnings} are for the
 * user (orphans left in place). {@link #toString()} is one line per step, in order, for tests.
 */
public record Plan(List<Step> steps, List<String> services, List<String> warnings) {

    public Plan {
        steps = List.copyOf(steps);
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    /** An operation, its number in the plan, and the numbers of the steps it waits for. */
    public record Step(int id, Operation operation, List<Integer> after) {
        public Step {
            after = List.copyOf(after);
        }

        @Override
        public String toString() {
            return id + " " + operation + (after.isEmpty() ? ""
                    : " after " + after.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
    }

    /** The steps that act on a service's containers (its awaits aside), in order. */
    public List<Step> of(String service) {
        return steps.stream().filter(s -> s.operation().service().equals(service))
                .filter(s -> !(s.operation() instanceof Operation.Await)).toList();
    }

    @Override
    public String toString() {
        return steps.stream().map(Step::toString).collect(Collectors.joining("\n"));
    }
}
