package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.Set;
import java.util.function.Consumer;

/** Compose features the connected engine is too old for: dropped with a warning, never a failure. */
final class EngineFeatures {

    private final Engine engine;
    private final Consumer<String> warnings;

    EngineFeatures(Engine engine, Consumer<String> warnings) {
        this.engine = engine;
        this.warnings = warnings;
    }

    /**
     * healthcheck.start_interval needs API 1.44 (Engine 25); compose fails outright on older engines
     * (docker/compose#11629). mlcompose drops it with a warning: the probes then run at {@code interval}.
     */
    void check(Project project, Set<String> selected) {
        boolean anyStartInterval = selected.stream().map(s -> project.service(s).orElseThrow())
                .anyMatch(s -> s.healthcheck().flatMap(Service.Healthcheck::startInterval).isPresent());
        if (!anyStartInterval) {
            return;
        }
        String api = engine.info().apiVersion();
        if (compareVersions(api, "1.44") < 0) {
            selected.stream().filter(s -> project.service(s).orElseThrow().healthcheck()
                    .flatMap(Service.Healthcheck::startInterval).isPresent())
                    .forEach(s -> warnings.accept("service " + s + ": healthcheck.start_interval needs Docker Engine 25"
                            + " (API 1.44); this engine speaks API " + api + ", so it is ignored"));
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
