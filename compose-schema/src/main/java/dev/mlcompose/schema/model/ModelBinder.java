package dev.mlcompose.schema.model;

import dev.mlcompose.schema.yaml.MapNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds the canonical, already validated document into the typed records. */
final class ModelBinder {

    private ModelBinder() {
    }

    static Project bind(MapNode doc, Path workingDir, List<String> files, List<String> profiles, Map<String, String> env) {
        var services = new LinkedHashMap<String, Service>();
        Values.map(doc, "services").entries()
                .forEach((name, node) -> services.put(name, ServiceBinder.service(name, (MapNode) node)));
        return new Project(Values.text(doc, "name").orElse(""), workingDir, files, services,
                ResourceBinder.networks(doc), ResourceBinder.volumes(doc), ResourceBinder.fileObjects(doc, "secrets"),
                ResourceBinder.fileObjects(doc, "configs"), profiles, env, doc);
    }

    static <K, V> Map<K, V> ordered(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
