package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.plan.Operation.Await;
import dev.mlcompose.runner.plan.Operation.AwaitEnd;
import dev.mlcompose.runner.plan.Operation.Create;
import dev.mlcompose.runner.plan.Operation.Keep;
import dev.mlcompose.runner.plan.Operation.PreStart;
import dev.mlcompose.runner.plan.Operation.Reason;
import dev.mlcompose.runner.plan.Operation.Reuse;
import dev.mlcompose.runner.plan.Operation.Recreate;
import dev.mlcompose.runner.plan.Operation.Remove;
import dev.mlcompose.runner.plan.Operation.RemoveOrphans;
import dev.mlcompose.runner.plan.Operation.Skip;
import dev.mlcompose.runner.plan.Operation.Start;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.time.temporal.ChronoUnit;
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
    /** The hashes the history is matched by ({@link ConfigHash#portable}); made when a job's container is gone. */
    private Map<String, String> portableHashes;
    private final List<Plan.Step> steps = new ArrayList<>();
    /** The steps that end each planned service: what its dependants wait for. */
    private final Map<String, List<Integer>> ends = new HashMap<>();
    private final Set<String> recreated = new HashSet<>();

    private Planner(Project project, ServiceGraph graph, ObservedState observed, PlanRequest request) {
        this.project = project;
        this.graph = graph;
        this.observed = observed;
        this.request = request;
        this.hashes = ConfigHash.all(project);
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
            sweep(service, sweep.get(), previous, dependencyRecreated);
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

    /**
     * A sweep: each cell's steps one after the other, the cells side by side, except that a cell comes after the
     * end of the one {@code max-parallel} places ahead of it; cells no longer in the matrix are removed first.
     */
    private void sweep(Service service, Sweep sweep, List<Integer> previous, boolean dependencyRecreated) {
        String name = service.name();
        var cells = CellReplicas.match(sweep.cells(), observed.replicas(name));
        List<Integer> first = previous;
        for (ContainerState gone : cells.leftovers()) {
            first = List.of(add(new Remove(name, gone, "not in the matrix"), first));
        }
        var chains = cells.slots().stream().map(slot -> replica(service, slot.number(), slot.current(),
                ConfigHash.cell(hashes.get(name), slot.cell().toString()), Optional.of(slot.cell()), dependencyRecreated))
                .toList();
        long starting = chains.stream().flatMap(List::stream).filter(Start.class::isInstance).count();
        boolean preStart = preStarts(service, (int) starting, chains.size());
        int parallel = sweep.maxParallel() == 0 || request.noStart() ? Integer.MAX_VALUE : sweep.maxParallel();
        var cellEnds = new ArrayList<List<Integer>>();
        Integer preStartStep = null;
        for (int i = 0; i < chains.size(); i++) {
            var last = new ArrayList<>(first);
            if (i >= parallel) {
                String ahead = Names.container(project, service, cells.slots().get(i - parallel).number());
                last.add(add(new AwaitEnd(name, ahead, parallel), cellEnds.get(i - parallel)));
            }
            for (Operation op : chains.get(i)) {
                if (op instanceof Start start && preStart) {
                    if (preStartStep == null) {
                        preStartStep = add(new PreStart(name, start.number()), List.copyOf(last));
                    }
                    last.add(preStartStep);
                }
                int step = add(op, List.copyOf(last));
                last.clear();
                last.add(step);
            }
            cellEnds.add(List.copyOf(last));
        }
        ends.put(name, cellEnds.stream().flatMap(List::stream).distinct().toList());
    }

    /** One replica's steps: what converges it (keep, skip, create or recreate), then its start when it needs one. */
    private List<Operation> replica(Service service, int number, Optional<ContainerState> current, String hash,
                                    Optional<Sweep.Cell> cell, boolean dependencyRecreated) {
        Optional<Reason> replace = current.flatMap(c -> recreate(service, c, hash, dependencyRecreated));
        if (current.isPresent() && replace.isEmpty()) {
            Operation kept = kept(service, number, current.get());
            return request.noStart() && kept instanceof Start ? List.of() : List.of(kept);
        }
        String name = service.name();
        String container = Names.container(project, service, number);
        if (current.isEmpty()) {
            Optional<Operation> reuse = reuse(service, number, container, cell);
            if (reuse.isPresent()) {
                return List.of(reuse.get());
            }
        }
        recreated.add(name);
        Operation converge = current.<Operation>map(c -> new Recreate(name, number, container, c, replace.get(),
                request.renewAnonVolumes(), cell)).orElse(new Create(name, number, container, cell));
        return request.noStart() ? List.of(converge)
                : List.of(converge, new Start(name, number, container, Optional.empty()));
    }

    /** A replica that stays: skipped (a cached job), running, or started again. */
    private Operation kept(Service service, int number, ContainerState c) {
        Optional<String> skip = skip(service, c);
        if (skip.isPresent()) {
            return new Skip(service.name(), number, c, skip.get());
        }
        return c.isRunning() ? new Keep(service.name(), number, c)
                : new Start(service.name(), number, c.name(), Optional.of(c));
    }

    /**
     * Why a replica is replaced, or empty when it stays: its config hash or image ID changed (as compose), or a
     * dependency it waits for was recreated; always when it is only a dependency of what was asked for and
     * {@code --always-recreate-deps} (as compose, which applies that flag to no service asked for by name).
     */
    private Optional<Reason> recreate(Service service, ContainerState c, String hash, boolean dependencyRecreated) {
        if (request.alwaysRecreateDeps() && !request.services().isEmpty() && !request.services().contains(service.name())) {
            return Optional.of(Reason.DEPENDENCY_FORCED);
        }
        String imageId = observed.imageId(c.label(Labels.SERVICE));
        return switch (request.recreate()) {
            case NEVER -> Optional.empty();
            case ALWAYS -> Optional.of(Reason.FORCED);
            case IF_CHANGED -> !c.label(Labels.CONFIG_HASH).equals(hash)
                    ? Optional.of(Reason.CONFIG_CHANGED)
                    : !imageId.isEmpty() && !c.label(Labels.IMAGE).equals(imageId) ? Optional.of(Reason.IMAGE_CHANGED)
                    : dependencyRecreated ? Optional.of(Reason.DEPENDENCY_RECREATED) : Optional.empty();
        };
    }

    /**
     * Why a job is not run again, as the ML DAG runners skip done work (compose re-runs one-shot jobs on every
     * {@code up}): it caches, its last run exited 0, and it ran the same image on the same inputs.
     */
    private Optional<String> skip(Service service, ContainerState previous) {
        if (request.rerun() || !service.ml().cache() || !ServiceKinds.isJob(project, service)
                || !previous.status().equals("exited") || previous.exitCode() != 0
                || !previous.label(Labels.IMAGE).equals(observed.imageId(service.name()))
                || !previous.label(Labels.INPUTS).equals(observed.inputs(service.name()))) {
            return Optional.empty();
        }
        String when = previous.finishedAt().map(t -> " at " + t.truncatedTo(ChronoUnit.SECONDS)).orElse("");
        return Optional.of("unchanged since its run" + when + " exited 0; --rerun runs it again");
    }

    /** A job whose container is gone, skipped when the history has its identical success. */
    private Optional<Operation> reuse(Service service, int number, String container, Optional<Sweep.Cell> cell) {
        if (request.rerun() || request.noStart() || !service.ml().cache() || !ServiceKinds.isJob(project, service)) {
            return Optional.empty();
        }
        if (portableHashes == null) {
            portableHashes = ConfigHash.portable(project);
        }
        String portable = portableHashes.get(service.name());
        String workHash = cell.map(c -> ConfigHash.cell(portable, c.toString())).orElse(portable);
        return observed.recordedSuccess(service.name(), cell.map(Sweep.Cell::values).orElse(Map.of()), workHash)
                .map(r -> new Reuse(service.name(), number, container, cell, r.runId(), "unchanged since run "
                        + r.runId() + " exited 0; --rerun runs it again"));
    }

    private int add(Operation operation, List<Integer> after) {
        int id = steps.size() + 1;
        steps.add(new Plan.Step(id, operation, after));
        return id;
    }
}
