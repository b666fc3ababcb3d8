package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What {@code run} changes in the one-off: its command, and environment, user, directory and labels added. */
record OneOffChanges(List<String> command, Map<String, String> environment, String user, String workdir,
                     Map<String, String> labels) {

    /** These changes made to a service spec's JSON. */
    ObjectNode applied(ObjectNode spec) {
        var container = (ObjectNode) spec.path("TaskTemplate").path("ContainerSpec");
        if (!command.isEmpty()) {
            var args = container.putArray("Args");
            command.forEach(args::add);
        }
        if (!environment.isEmpty()) {
            var env = new TreeMap<String, String>();
            container.path("Env").forEach(e -> env.put(e.asText().split("=", 2)[0], e.asText()));
            environment.forEach((k, v) -> env.put(k, k + "=" + v));
            var out = container.putArray("Env");
            env.values().forEach(out::add);
        }
        Optional.ofNullable(user).ifPresent(u -> container.put("User", u));
        Optional.ofNullable(workdir).ifPresent(d -> container.put("Dir", d));
        labels.forEach(((ObjectNode) container.path("Labels"))::put);
        return spec;
    }
}
