package dev.mlcompose.schema.load;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.normalize.Context;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.normalize.ServiceCanonical;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Top-level {@code include}: each included file is loaded as its own small project (its directory is
 * the base of its relative paths, its own {@code .env} or {@code env_file}), and its resources are added;
 * a name defined both here and there is an error (compose-spec 14-include.md).
 */
final class Includer {

    private static final List<String> SECTIONS = List.of("services", "networks", "volumes", "secrets", "configs");

    private final LoadRequest request;
    private final Problems problems;
    private final java.util.Deque<Path> chain = new java.util.ArrayDeque<>();

    Includer(LoadRequest request, Problems problems) {
        this.request = request;
        this.problems = problems;
    }

    /** @param file the file {@code document} came from (null for stdin), to detect include cycles */
    MapNode include(MapNode document, Path baseDir, Path file) {
        var include = document.get("include");
        if (include.isEmpty()) {
            return document;
        }
        if (file != null) {
            chain.push(file);
        }
        try {
            return includeAll(document, include.get(), baseDir);
        } finally {
            if (file != null) {
                chain.pop();
            }
        }
    }

    private MapNode includeAll(MapNode document, Node include, Path baseDir) {
        MapNode result = document.without("include");
        List<Node> entries = include instanceof SeqNode seq ? seq.items() : List.of(include);
        for (int i = 0; i < entries.size(); i++) {
            Node entry = entries.get(i);
            KeyPath path = KeyPath.of("include").index(i);
            List<String> paths = entry instanceof MapNode m ? texts(m.get("path").orElse(null)) : texts(entry);
            if (paths.isEmpty()) {
                problems.add(entry, path, "include needs a path");
                continue;
            }
            Path first = baseDir.resolve(paths.get(0)).normalize();
            Path dir = entry instanceof MapNode m && m.has("project_directory")
                    ? baseDir.resolve(Nodes.textOf(m.get("project_directory").get())).normalize() : first.getParent();
            var envFiles = entry instanceof MapNode m ? texts(m.get("env_file").orElse(null)) : List.<String>of();
            for (String p : paths) {
                Path file = baseDir.resolve(p).normalize();
                if (!Files.isRegularFile(file)) {
                    problems.add(entry, path, "included file " + file + " does not exist");
                    continue;
                }
                if (chain.contains(file)) {
                    var cycle = new ArrayList<String>();
                    chain.descendingIterator().forEachRemaining(f -> cycle.add(f.toString()));
                    cycle.add(file.toString());
                    problems.add(entry, path, "include cycle: " + String.join(" -> ", cycle));
                    continue;
                }
                result = addAll(result, load(file, dir, envFiles.stream().map(baseDir::resolve).toList()), entry, path);
            }
        }
        return result;
    }

    private MapNode load(Path file, Path dir, List<Path> envFiles) {
        var sub = new LoadRequest(List.of(file.toString()), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(dir), List.of(), envFiles, request.environment(), dir, request.interpolate(),
                request.warnings());
        var environment = ComposeLoader.environment(sub, dir);
        var reader = new DocumentReader(request.interpolate(), problems);
        var context = new Context(dir, Path.of(environment.getOrDefault("HOME", "/")), environment, problems);
        MapNode doc = reader.read(file, environment);
        doc = (MapNode) ServiceCanonical.apply(doc, context);
        doc = new Extender(reader, context).resolve(doc, file);
        return include(doc, dir, file);
    }

    private MapNode addAll(MapNode into, MapNode included, Node at, KeyPath path) {
        MapNode result = into;
        for (String section : SECTIONS) {
            var theirs = included.get(section).filter(MapNode.class::isInstance).map(MapNode.class::cast);
            if (theirs.isEmpty()) {
                continue;
            }
            MapNode ours = result.get(section).filter(MapNode.class::isInstance).map(MapNode.class::cast)
                    .orElse(MapNode.empty(at.location()));
            var entries = new LinkedHashMap<>(ours.entries());
            for (var e : theirs.get().entries().entrySet()) {
                if (entries.containsKey(e.getKey())) {
                    problems.add(ours.get(e.getKey()).get(), KeyPath.of(section).key(e.getKey()),
                            section.substring(0, section.length() - 1) + " \"" + e.getKey()
                                    + "\" is also defined by an included file");
                } else {
                    entries.put(e.getKey(), e.getValue());
                }
            }
            result = result.with(section, ours.withEntries(entries));
        }
        return result;
    }

    private static List<String> texts(Node node) {
        if (node == null || (node instanceof ScalarNode s && s.isNull())) {
            return List.of();
        }
        if (node instanceof SeqNode seq) {
            var out = new ArrayList<String>();
            seq.items().forEach(i -> out.add(Nodes.textOf(i)));
            return out;
        }
        return List.of(Nodes.textOf(node));
    }
}
