package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.plan.Operation.Create;
import dev.mlcompose.runner.plan.Operation.Keep;
import dev.mlcompose.runner.plan.Operation.Reason;
import dev.mlcompose.runner.plan.Operation.Recreate;
import dev.mlcompose.runner.plan.Operation.Reuse;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what becomes of one replica, for {@link Planner}: kept, started again, skipped (a cached job), reused
 * from the history (its container gone), recreated (with its reason) or created. Pure; the order of replicas and
 * services is the planner's.
 */
final class ReplicaPlanner {

    private final Project project;
    private final ObservedState observed;
    private final PlanRequest request;
    /** The hashes the history is matched by ({@link ConfigHash#portable}); made when a job's container is gone. */
    private Map<String, String> portableHashes;

    ReplicaPlanner(Project project, ObservedState observed, PlanRequest request) {
        this.project = project;
        this.observed = observed;
        this.request = request;
    }

    /** One replica's steps: what converges it (keep, skip, create or recreate), then its start when it needs one. */
    List<Operation> replica(Service service, int number, Optional<ContainerState> current, String hash,
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
}
