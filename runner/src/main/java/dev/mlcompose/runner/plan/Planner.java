package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.plan.Operation.Await;
import dev.mlcompose.runner.plan.Operation.Create;
import dev.mlcompose.runner.plan.Operation.PreStart;
import dev.mlcompose.runner.plan.Operation.Recreate;
import dev.mlcompose.runner.plan.Operation.Remove;
import dev.mlcompose.runner.plan.Operation.RemoveOrphans;
import dev.mlcompose.runner.plan.Operation.Start;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides what {@code up} (and {@code run}, {@code train}) does to converge a project, as compose's
 * {@code convergence.go} does, and nothing else: pure, from the project, one {@link ObservedState} and the
 * request. The networks and volumes it lacks are made first. Each service waits for its selected dependencies' conditions, then goes through its replicas in
 * order (keep, skip, recreate or create each), removes those beyond its scale, runs its pre_start steps when
 * none of its replicas runs, and starts what is not running. With {@code noStart} ({@code create}) it only
 * creates: no awaits, pre_start steps or starts, each service's containers after its dependencies' ones (a
 * {@code network_mode: service:…} or {@code volumes_from} needs them to exist).
 */
public final class Planner {

    private final Project project;
    private final ServiceGraph graph;
    private final ObservedState observed;
    private final PlanRequest request;
    private final Map<String, String> hashes;
    private final List<Plan.Step> steps = new ArrayList<>();
    /** The steps that end each planned service: what its dependants wait for. */
    private final Map<String, List<Integer>> ends = new HashMap<>();
    private final Set<String> recreated = new HashSet<>();
    private final ReplicaPlanner replicas;

    private Planner(Project project, ServiceGraph graph, ObservedState observed, PlanRequest request) {
        this.project = project;
        this.graph = graph;
        this.observed = observed;
        this.request = request;
        this.hashes = ConfigHash.all(project);
        this.replicas = new ReplicaPlanner(project, observed, request);
    }

    public static Plan plan(Project project, ServiceGraph graph, ObservedState observed, PlanRequest request) {
        return new Planner(project, graph, observed, request).plan();
    }

    /** The services a request converges: those asked for (all when none), with their dependencies unless noDeps. */
    public static Set<String> selection(Project project, ServiceGraph graph, PlanRequest request) {
        Set<String> asked = request.services().isEmpty() ? project.services().keySet() : request.services();
        return request.noDeps() ? Set.copyOf(asked) : graph.withDependencies(asked);
    }

    /** Whether a service's pre_start steps run: compose runs them once, when none of its containers runs. */
    public static boolean preStarts(Service service, int starting, int containers) {
        return !service.lifecycle().preStart().isEmpty() && starting > 0 && starting == containers;
    }

    private Plan plan() {
        var warnings = new ArrayList<String>();
        List<Integer> resources = List.of();
        for (Operation make : ResourcePlanner.plan(project, observed.resources())) { // one by one, as compose: its lines' order
            resources = List.of(add(make, resources));
        }
        var made = new ArrayList<>(resources); // what every service's containers come after
        made.addAll(orphans(warnings));
        Set<String> selected = selection(project, graph, request);
        List<String> order = graph.startOrder().stream().filter(selected::contains).toList();
        order.forEach(name -> service(project.service(name).orElseThrow(), selected, made));
        request.oneOffOf().ifPresent(name -> awaits(project.service(name).orElseThrow(), selected, true));
        return new Plan(steps, order, warnings);
    }

    /** Orphans are removed before any container is created, or named in a warning, or ignored (as compose). */
    private List<Integer> orphans(List<String> warnings) {
        List<ContainerState> orphans = observed.orphans(project);
        if (orphans.isEmpty() || request.ignoreOrphans()) {
            return List.of();
        }
        if (request.removeOrphans()) {
            return List.of(add(new RemoveOrphans(orphans), List.of()));
        }
        warnings.add("Found orphan containers (" + String.join(", ", orphans.stream().map(ContainerState::name).toList())
                + ") for this project. If you removed or renamed this service in your compose file, you can run this"
                + " command with the --remove-orphans flag to clean it up.");
        return List.of();
    }

    /** A service's steps, one after the other (as compose converges a service's replicas), after its awaits. */
    private void service(Service service, Set<String> selected, List<Integer> made) {
        var previous = new ArrayList<>(made);
        if (request.noStart()) {
            graph.dependencies(service.name()).keySet().stream().filter(selected::contains).sorted()
                    .forEach(d -> previous.addAll(ends.get(d)));
        } else {
            previous.addAll(awaits(service, selected, false));
        }
        boolean dependencyRecreated = graph.dependencies(service.name()).keySet().stream()
                .anyMatch(d -> selected.contains(d) && recreated.contains(d));
        Optional<Sweep> sweep = service.ml().sweep();
        if (sweep.isPresent()) {
            var cells = CellReplicas.match(sweep.get().cells(), observed.replicas(service.name()));
            var chains = cells.slots().stream().map(slot -> replica(service, slot.number(), slot.current(),
                    ConfigHash.cell(hashes.get(service.name()), slot.cell().toString()), Optional.of(slot.cell()),
                    dependencyRecreated)).toList();
            ends.put(service.name(), new SweepPlanner(project, service, sweep.get(), request.noStart(), this::add)
                    .plan(cells, chains, previous));
            return;
        }
        List<Integer> last = previous;
        for (Operation op : operations(service, dependencyRecreated)) {
            last = List.of(add(op, last));
        }
        ends.put(service.name(), last);
    }

    /** One await per selected dependency (by name), after the steps that end it. */
    private List<Integer> awaits(Service service, Set<String> selected, boolean oneOff) {
        var ids = new ArrayList<Integer>();
        new TreeMap<>(graph.dependencies(service.name())).forEach((name, dependency) -> {
            if (selected.contains(name)) { // --no-deps never waits on what it did not start
                ids.add(add(new Await(service.name(), name, Condition.of(dependency.condition()),
                        dependency.required(), oneOff), ends.get(name)));
            }
        });
        return ids;
    }

    private List<Operation> operations(Service service, boolean dependencyRecreated) {
        String name = service.name();
        int replicas = request.scale().getOrDefault(name, service.replicas());
        List<ContainerState> mine = observed.replicas(name);
        var converged = new ArrayList<Operation>();
        var starts = new ArrayList<Start>();
        for (int n = 1; n <= replicas; n++) {
            int number = n;
            Optional<ContainerState> current = mine.stream().filter(c -> ObservedState.number(c) == number).findFirst();
            replica(service, number, current, hashes.get(name), Optional.empty(), dependencyRecreated)
                    .forEach(op -> {
                        if (op instanceof Start start) {
                            starts.add(start);
                        } else {
                            converged.add(op);
                        }
                    });
        }
        mine.stream().filter(c -> ObservedState.number(c) > replicas).forEach(c -> converged.add(new Remove(name, c, "scaled down")));
        if (preStarts(service, starts.size(), replicas)) {
            converged.add(new PreStart(name, starts.get(0).number()));
        }
        converged.addAll(starts);
        return converged;
    }

    /** {@link ReplicaPlanner#replica}, noting a service whose replica is made anew: its dependants are recreated. */
    private List<Operation> replica(Service service, int number, Optional<ContainerState> current, String hash,
                                    Optional<Sweep.Cell> cell, boolean dependencyRecreated) {
        var operations = replicas.replica(service, number, current, hash, cell, dependencyRecreated);
        if (operations.stream().anyMatch(op -> op instanceof Create || op instanceof Recreate)) {
            recreated.add(service.name());
        }
        return operations;
    }

    private int add(Operation operation, List<Integer> after) {
        int id = steps.size() + 1;
        steps.add(new Plan.Step(id, operation, after));
        return id;
    }
}
