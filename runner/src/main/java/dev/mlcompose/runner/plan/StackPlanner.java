package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.plan.Operation.AwaitService;
import dev.mlcompose.runner.plan.Operation.CreateService;
import dev.mlcompose.runner.plan.Operation.KeepService;
import dev.mlcompose.runner.plan.Operation.RerunJob;
import dev.mlcompose.runner.plan.Operation.SkipJob;
import dev.mlcompose.runner.plan.Operation.UpdateService;
import dev.mlcompose.runner.plan.StackState.Deployed;
import dev.mlcompose.schema.model.Project;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * Decides how a stack comes up on a Swarm, purely, as {@link Planner} decides for one engine: first the networks,
 * secrets and configs the cluster lacks, then per service in dependency order one {@code Await} per dependency
 * (its {@link Condition}, read from task states when executed) and the service made, updated (its spec hash
 * changed), kept, skipped (an unchanged job whose last run completed: the skip cache) or run again (asked,
 * {@code cache: false}, or its last run failed). A Swarm keeps no stopped service, so there are no starts, and
 * replicas are the Swarm's own. With {@code awaitAll}, each service's own wait comes last; a one-off's
 * dependencies are awaited for it. Orphans are removed first ({@code --remove-orphans}) or named in a warning.
 */
public final class StackPlanner {

    private StackPlanner() {
    }

    public static Plan plan(Project project, StackTarget target, StackState observed, StackRequest request) {
        var graph = ServiceGraph.of(project);
        Set<String> chosen = chosen(graph, request);
        var steps = new ArrayList<Plan.Step>();
        var resources = new ArrayList<Integer>();
        target.networks().stream().filter(n -> !observed.networks().contains(n))
                .forEach(n -> resources.add(add(steps, new Operation.CreateNetwork(n, n), List.of())));
        target.secrets().stream().filter(n -> !observed.secrets().containsKey(n))
                .forEach(n -> resources.add(add(steps, new Operation.CreateSecret(n), List.of())));
        target.configs().stream().filter(n -> !observed.configs().containsKey(n))
                .forEach(n -> resources.add(add(steps, new Operation.CreateConfig(n), List.of())));
        var orphans = orphans(target, observed);
        if (request.removeOrphans()) { // first, as compose removes orphan containers before it creates any
            orphans.forEach(n -> resources.add(add(steps, new Operation.RemoveOrphanService(n,
                    observed.services().get(n).id()), List.of())));
        }
        List<String> order = graph.startOrder().stream().filter(chosen::contains).toList();
        var deployed = new HashMap<String, Integer>();
        for (String name : order) {
            var awaits = new ArrayList<Integer>();
            project.services().get(name).dependsOn().forEach((dependency, d) -> {
                if (deployed.containsKey(dependency)) {
                    awaits.add(add(steps, new Operation.Await(name, dependency, Condition.of(d.condition()),
                            d.required(), false), List.of(deployed.get(dependency))));
                }
            });
            var service = target.services().get(name);
            deployed.put(name, add(steps, deploy(project, name, service, observed.services().get(service.name()),
                    request), awaits.isEmpty() ? resources : awaits));
        }
        request.oneOff().ifPresent(oneOff -> graph.dependencies(oneOff).forEach((dependency, d) -> add(steps,
                new Operation.Await(oneOff, dependency, Condition.of(d.condition()), d.required(), true),
                List.of(deployed.get(dependency)))));
        if (request.awaitAll()) {
            target.services().forEach((name, service) -> {
                if (chosen.contains(name)) {
                    add(steps, new AwaitService(name, service.name(), service.job() ? Condition.COMPLETED_SUCCESSFULLY
                            : Condition.HEALTHY), List.of(deployed.get(name)));
                }
            });
        }
        return new Plan(steps, order, orphans.isEmpty() || request.removeOrphans() ? List.of()
                : List.of("orphan services (" + String.join(", ", orphans) + ") are no longer in the file; down"
                + " removes them, and so does up --remove-orphans"));
    }

    /** What a request brings up: a one-off's dependencies, or the services named (none: all) with theirs. */
    private static Set<String> chosen(ServiceGraph graph, StackRequest request) {
        if (request.oneOff().isPresent()) {
            return graph.withDependencies(graph.dependencies(request.oneOff().get()).keySet());
        }
        return request.services().isEmpty() ? graph.services() : graph.withDependencies(request.services());
    }

    private static Operation deploy(Project project, String name, StackTarget.Service service, Deployed current,
                                    StackRequest request) {
        if (current == null) {
            return new CreateService(name, service.name());
        }
        if (!current.hash().equals(service.hash())) {
            return new UpdateService(name, service.name(), current.id(), current.version());
        }
        if (!service.job()) {
            return new KeepService(name, service.name(), current.id(), "unchanged");
        }
        if (request.rerun().contains(name)) {
            return new RerunJob(name, service.name(), current.id(), RerunJob.Why.ASKED);
        }
        if (!project.services().get(name).ml().cache()) {
            return new RerunJob(name, service.name(), current.id(), RerunJob.Why.UNCACHED);
        }
        return switch (current.lastRun()) {
            case FAILED -> new RerunJob(name, service.name(), current.id(), RerunJob.Why.LAST_FAILED);
            case COMPLETED -> new SkipJob(name, service.name(), current.id());
            case NONE, UNFINISHED -> new KeepService(name, service.name(), current.id(), "its run has not ended");
        };
    }

    /** The stack's services that the file no longer has, by name. */
    private static List<String> orphans(StackTarget target, StackState observed) {
        var declared = target.services().values().stream().map(StackTarget.Service::name).toList();
        return observed.services().keySet().stream().filter(n -> !declared.contains(n)).sorted().toList();
    }

    private static int add(List<Plan.Step> steps, Operation operation, List<Integer> after) {
        steps.add(new Plan.Step(steps.size() + 1, operation, after));
        return steps.size();
    }
}
