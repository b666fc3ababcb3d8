package dev.mlcompose.schema.load;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.env.DotEnv;
import dev.mlcompose.schema.merge.Merger;
import dev.mlcompose.schema.normalize.Context;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.normalize.ServiceCanonical;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.SourceText;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-level {@code include}: each entry is loaded as its own small project (the files of its {@code path}
 * merged, its directory the base of their relative paths, the including project's environment plus its own
 * {@code .env} or {@code env_file}), and its resources are added; a name defined both here and there must be
 * defined the same (compose-spec 14-include.md).
 */
final class Includer {

    private static final List<String> SECTIONS = List.of("services", "networks", "volumes", "secrets", "configs");

    private final boolean interpolate;
    private final Problems problems;
    private final java.util.Deque<Path> chain = new java.util.ArrayDeque<>();

    Includer(boolean interpolate, Problems problems) {
        this.interpolate = interpolate;
        this.problems = problems;
    }

    /**
     * @param file        the file {@code document} came from (null for stdin), to detect include cycles
     * @param environment what {@code document} was interpolated with, which its included files see first
     */
    MapNode include(MapNode document, Path baseDir, Path file, Map<String, String> environment) {
        var include = document.get("include");
        if (include.isEmpty()) {
            return document;
        }
        if (file != null) {
            chain.push(file);
        }
        try {
            return includeAll(document, include.get(), baseDir, environment);
        } finally {
            if (file != null) {
                chain.pop();
            }
        }
    }

    private MapNode includeAll(MapNode document, Node include, Path baseDir, Map<String, String> environment) {
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
            MapNode part = part(entry, path, paths, baseDir, environment);
            if (part != null) {
                result = addAll(result, part);
            }
        }
        return result;
    }

    /**
     * One include entry: its files merged as a base and its overrides (compose-go include.go loads
     * {@code path} as one project's files), relative paths in all of them resolving against the first file's
     * directory or {@code project_directory}. Null when a file is missing or already being included.
     */
    private MapNode part(Node entry, KeyPath path, List<String> paths, Path baseDir, Map<String, String> outer) {
        Path first = baseDir.resolve(paths.get(0)).normalize();
        Path dir = entry instanceof MapNode m && m.has("project_directory")
                ? baseDir.resolve(Nodes.textOf(m.get("project_directory").get())).normalize() : first.getParent();
        Map<String, String> environment = environment(entry, path, baseDir, dir, outer);
        MapNode merged = null;
        for (String p : paths) {
            Path file = baseDir.resolve(p).normalize();
            if (!canInclude(file, entry, path)) {
                return null;
            }
            MapNode doc = load(file, dir, environment);
            merged = merged == null ? doc : (MapNode) Merger.merge(merged, doc);
        }
        return (MapNode) Merger.finish(merged);
    }

    /** False, with the problem reported, for a file that is missing or already being included. */
    private boolean canInclude(Path file, Node entry, KeyPath path) {
        if (!Files.isRegularFile(file)) {
            problems.add(entry, path, "included file " + file + " does not exist");
            return false;
        }
        if (chain.contains(file)) {
            var cycle = new ArrayList<String>();
            chain.descendingIterator().forEachRemaining(f -> cycle.add(f.toString()));
            cycle.add(file.toString());
            problems.add(entry, path, "include cycle: " + String.join(" -> ", cycle));
            return false;
        }
        return true;
    }

    /**
     * What an included file is interpolated with: the including project's environment (its process environment,
     * {@code .env} or {@code --env-file}s, project name), to which the entry's {@code env_file}s (relative to the
     * including file's directory), else the include directory's own {@code .env}, only add variables not set
     * yet: compose-go include.go, {@code environment.Clone().Merge(envFromFile)}, Merge keeping what is set.
     * {@code COMPOSE_DISABLE_ENV_FILE} does not apply here, as compose reads that {@code .env} regardless.
     */
    private Map<String, String> environment(Node entry, KeyPath path, Path baseDir, Path dir, Map<String, String> outer) {
        Node named = entry instanceof MapNode m ? m.get("env_file").orElse(null) : null;
        Path dotEnv = dir.resolve(".env");
        List<Path> files = named != null ? texts(named).stream().map(baseDir::resolve).toList()
                : Files.isRegularFile(dotEnv) ? List.of(dotEnv) : List.of();
        var added = new LinkedHashMap<String, String>();
        for (Path file : files) {
            // a variable in a value: the including project's first, then the files read before (dotenv.GetEnvFromFile)
            try {
                added.putAll(DotEnv.parse(SourceText.read(file, "env files"),
                        k -> outer.containsKey(k) ? outer.get(k) : added.get(k)));
            } catch (IOException | IllegalArgumentException e) {
                problems.add(named != null ? named : entry, named != null ? path.key("env_file") : path,
                        "cannot read env file " + file + ": " + e.getMessage());
            }
        }
        var environment = new LinkedHashMap<>(outer);
        added.forEach(environment::putIfAbsent);
        return environment;
    }

    private MapNode load(Path file, Path dir, Map<String, String> environment) {
        var reader = new DocumentReader(interpolate, problems);
        var context = new Context(dir, Path.of(environment.getOrDefault("HOME", "/")), environment, problems);
        MapNode doc = reader.read(file, environment);
        doc = (MapNode) ServiceCanonical.apply(doc, context);
        doc = new Extender(reader, context).resolve(doc, file);
        return include(doc, dir, file, environment);
    }

    /**
     * Adds what an include defines. A name defined here too is fine when both definitions are the same (compose-go
     * include.go compares them with reflect.DeepEqual); a different one is an error, reported where this file
     * defines it.
     */
    private MapNode addAll(MapNode into, MapNode included) {
        MapNode result = into;
        for (String section : SECTIONS) {
            var theirs = included.get(section).filter(MapNode.class::isInstance).map(MapNode.class::cast);
            if (theirs.isEmpty()) {
                continue;
            }
            MapNode ours = result.get(section).filter(MapNode.class::isInstance).map(MapNode.class::cast)
                    .orElse(MapNode.empty(theirs.get().location()));
            var entries = new LinkedHashMap<>(ours.entries());
            for (var e : theirs.get().entries().entrySet()) {
                Node mine = entries.putIfAbsent(e.getKey(), e.getValue());
                if (mine != null && !sameContent(mine, e.getValue())) {
                    problems.add(mine, KeyPath.of(section).key(e.getKey()), section.substring(0, section.length() - 1)
                            + " \"" + e.getKey() + "\" conflicts with the one an included file defines at "
                            + e.getValue().location());
                }
            }
            result = result.with(section, ours.withEntries(entries));
        }
        return result;
    }

    /** The same value whatever the lines it was written on. */
    private static boolean sameContent(Node a, Node b) {
        if (a instanceof MapNode x && b instanceof MapNode y) {
            return x.entries().keySet().equals(y.entries().keySet())
                    && x.entries().keySet().stream().allMatch(k -> sameContent(x.entries().get(k), y.entries().get(k)));
        }
        if (a instanceof SeqNode x && b instanceof SeqNode y) {
            return x.items().size() == y.items().size() && java.util.stream.IntStream.range(0, x.items().size())
                    .allMatch(i -> sameContent(x.items().get(i), y.items().get(i)));
        }
        return a instanceof ScalarNode x && b instanceof ScalarNode y && java.util.Objects.equals(x.value(), y.value());
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
