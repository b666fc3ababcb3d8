package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.plan.Operation.CreateNetwork;
import dev.mlcompose.runner.plan.Operation.CreateVolume;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Decides, purely, which of the file's networks and named volumes an {@code up} creates: those the engine lacks. */
public final class ResourcePlanner {

    private ResourcePlanner() {
    }

    /**
     * The networks and named volumes of the file that the engine lacks, networks first, as compose makes them
     * before any container. An external one that is missing is refused, all of them in one {@link PlanRefused}.
     */
    public static List<Operation> plan(Project project, ObservedState.Resources observed) {
        var make = new ArrayList<Operation>();
        var refused = new ArrayList<String>();
        missing(project.networks().values(), observed.networks(), "network", refused)
                .forEach(n -> make.add(new CreateNetwork(n.key(), n.name())));
        missing(project.volumes().values(), observed.volumes(), "volume", refused)
                .forEach(v -> make.add(new CreateVolume(v.key(), v.name())));
        if (!refused.isEmpty()) {
            throw new PlanRefused(refused);
        }
        return make;
    }

    /** Those of {@code declared} the engine lacks that are to be made; a missing external one is added to {@code refused}. */
    private static List<Resource> missing(Collection<? extends Resource> declared, Set<String> existing, String kind,
                                          List<String> refused) {
        var make = new ArrayList<Resource>();
        for (Resource r : declared) {
            if (existing.contains(r.name())) {
                continue;
            }
            if (r.external()) {
                refused.add(kind + " " + r.name() + " is declared external, but it does not exist; create it with `docker "
                        + kind + " create " + r.name() + "`");
            } else {
                make.add(r);
            }
        }
        return make;
    }
}
