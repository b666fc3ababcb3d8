package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Sweep;
import java.util.Collection;

/**
 * How a container is named before its log lines: its name, as compose prefixes them, and for a sweep's cell its
 * values too ({@code demo-train-2[LR=0.001 SEED=1]}), as {@code runs} names the cell, so that cells are told apart.
 */
public final class LogNames {

    private LogNames() {
    }

    public static String of(ContainerState container) {
        String cell = container.label(Labels.CELL);
        return cell.isEmpty() ? container.name() : container.name() + "[" + cell + "]";
    }

    /** The widest prefix that the containers of {@code services} can have: their names, and their cells' values. */
    public static int width(Project project, Collection<String> services) {
        return services.stream().mapToInt(s -> project.name().length() + s.length() + 3
                + project.service(s).flatMap(service -> service.ml().sweep()).map(LogNames::widestCell).orElse(0))
                .max().orElse(10);
    }

    private static int widestCell(Sweep sweep) {
        return sweep.cells().stream().mapToInt(c -> c.toString().length() + 2).max().orElse(0);
    }
}
