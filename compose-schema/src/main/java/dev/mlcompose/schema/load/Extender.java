package dev.mlcompose.schema.load;

import dev.mlcompose.schema.merge.Merger;
import dev.mlcompose.schema.normalize.Context;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.normalize.ServiceCanonical;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@code extends}: the base service (from this file or another, its relative paths rebased onto
 * its own directory) is merged under the extending service with the ordinary merge rules.
 */
final class Extender {

    private final DocumentReader reader;
    private final Context context;
    private final Map<Path, MapNode> otherFiles = new HashMap<>();

    Extender(DocumentReader reader, Context context) {
        this.reader = reader;
        this.context = context;
    }

    MapNode resolve(MapNode document, Path file) {
        var services = services(document);
        if (services.entries().values().stream().noneMatch(s -> s instanceof MapNode m && m.has("extends"))) {
            return document;
        }
        var resolved = new LinkedHashMap<String, Node>();
        for (String name : services.entries().keySet()) {
            resolved.put(name, service(name, services, file, new LinkedHashSet<>()));
        }
        return document.with("services", services.withEntries(resolved));
    }

    private Node service(String name, MapNode services, Path file, Set<String> chain) {
        Node node = services.entries().get(name);
        if (!(node instanceof MapNode service) || !service.has("extends")) {
            return node;
        }
        KeyPath path = KeyPath.of("services").key(name).key("extends");
        Node ext = service.get("extends").get();
        String baseName = ext instanceof MapNode m ? m.get("service").map(Nodes::textOf).orElse("") : Nodes.textOf(ext);
        String baseFile = ext instanceof MapNode m ? m.get("file").map(Nodes::textOf).orElse(null) : null;
        if (!chain.add(file + "#" + name)) {
            context.fail(ext, path, "circular extends: " + String.join(" -> ", chain) + " -> " + name);
            return service.without("extends");
        }
        MapNode baseServices = services;
        Path baseFilePath = file;
        if (baseFile != null) {
            Path dir = file == null ? context.baseDir() : file.getParent();
            baseFilePath = dir.resolve(baseFile).normalize();
            if (!baseFilePath.toFile().isFile()) {
                context.fail(ext, path.key("file"), "cannot read extended file " + baseFilePath + ": no such file");
                return service; // keeps `extends`, so later checks know why the service is incomplete
            }
            baseServices = services(otherFiles.computeIfAbsent(baseFilePath, this::readOther));
        }
        if (!baseServices.has(baseName)) {
            context.fail(ext, path.key("service"), "cannot extend service \"" + baseName + "\": no such service in "
                    + (baseFilePath == null ? "this file" : baseFilePath.toString()));
            return service;
        }
        Node base = service(baseName, baseServices, baseFilePath, chain);
        return Merger.merge(base, service.without("extends"), KeyPath.of("services").key(name));
    }

    private MapNode readOther(Path file) {
        MapNode doc = reader.readExtendsTarget(file, context.environment());
        return (MapNode) ServiceCanonical.apply(doc, context.withBaseDir(file.getParent()));
    }

    private static MapNode services(MapNode document) {
        return document.get("services").filter(MapNode.class::isInstance).map(MapNode.class::cast)
                .orElse(MapNode.empty(document.location()));
    }
}
