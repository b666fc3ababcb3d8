package dev.mlcompose.schema.load;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.env.DotEnv;
import dev.mlcompose.schema.load.ConfigFiles.ConfigFile;
import dev.mlcompose.schema.interpolate.Template;
import dev.mlcompose.schema.interpolate.Variables;
import dev.mlcompose.schema.merge.Merger;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.normalize.Context;
import dev.mlcompose.schema.normalize.ProjectCanonical;
import dev.mlcompose.schema.normalize.ServiceCanonical;
import dev.mlcompose.schema.validate.SemanticChecks;
import dev.mlcompose.schema.yaml.SourceText;
import dev.mlcompose.schema.yaml.Location;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Loads Compose files into one resolved {@link Project}. The phases, in order, are described in
 * docs/loading.md; each reports every problem it finds before the next one runs.
 */
public final class ComposeLoader {

    private ComposeLoader() {
    }

    public static Project load(LoadRequest request) {
        List<ConfigFile> files = ConfigFiles.resolve(request, environment(request, startDirectory(request)));
        Path projectDir = request.projectDirectory().map(p -> request.workingDirectory().resolve(p))
                .orElseGet(() -> files.get(0).isStdin() ? request.workingDirectory() : files.get(0).path().getParent())
                .toAbsolutePath().normalize();
        Map<String, String> dotEnvAndProcess = environment(request, projectDir);
        String name = projectName(request, files, projectDir, dotEnvAndProcess);
        // compose exposes the final project name to interpolation, whatever .env said
        var environment = new LinkedHashMap<>(dotEnvAndProcess);
        environment.put("COMPOSE_PROJECT_NAME", name);
        var problems = new Problems(request.warnings());
        var reader = new DocumentReader(request.interpolate(), problems);
        Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
        var rendering = request.rendering();
        var context = new Context(projectDir, home, environment, problems, rendering.resolvePaths());
        var extender = new Extender(reader, context);
        var includer = new Includer(request.interpolate(), problems);

        MapNode merged = null;
        for (ConfigFile file : files) {
            MapNode doc = file.isStdin()
                    ? reader.read("-", request.stdin().orElse(""), environment)
                    : reader.read(file.path(), environment);
            doc = (MapNode) ServiceCanonical.apply(doc, context);
            doc = extender.resolve(doc, file.isStdin() ? null : file.path());
            doc = includer.include(doc, projectDir, file.isStdin() ? null : file.path(), environment);
            merged = merged == null ? doc : (MapNode) Merger.merge(merged, doc);
        }
        merged = (MapNode) Merger.finish(merged);
        if (merged.has("version")) {
            problems.warn("the attribute `version` is obsolete, it will be ignored, please remove it to avoid"
                    + " potential confusion");
            merged = merged.without("version");
        }
        List<String> profiles = activeProfiles(request, environment);
        var canonical = new ProjectCanonical(name, context);
        MapNode project = canonical.withProfiles(merged, profiles);
        project = canonical.resolveEnvFiles(project);
        if (rendering.checkConsistency()) {
            new SemanticChecks(problems).check(project);
        }
        problems.throwIfAny();
        MapNode asWritten = project;
        project = canonical.complete(project);
        Project bound = Project.bind(project, projectDir, files.stream().map(ConfigFile::name).toList(),
                ProjectCanonical.allProfiles(merged), environment);
        return rendering.normalize() ? bound : bound.withDocument(canonical.unnormalized(asWritten));
    }

    /**
     * The variables the project's files use as written ({@code config --variables}): each file read as YAML and
     * nothing else (not interpolated, validated or resolved), so that an unset required variable is listed rather
     * than an error. The files they include or extend are not read.
     */
    public static SortedMap<String, Variables.Variable> variables(LoadRequest request) {
        var reader = new DocumentReader(false, new Problems(request.warnings()));
        var texts = new ArrayList<String>();
        for (ConfigFile file : ConfigFiles.resolve(request, environment(request, startDirectory(request)))) {
            strings(file.isStdin() ? reader.raw("-", request.stdin().orElse("")) : reader.raw(file.path()), texts);
        }
        return Variables.in(texts);
    }

    /** Where the files are looked for: the project directory when one is given, else the working directory. */
    private static Path startDirectory(LoadRequest request) {
        return request.projectDirectory().map(request.workingDirectory()::resolve).orElse(request.workingDirectory());
    }

    private static void strings(Node node, List<String> texts) {
        if (node instanceof MapNode map) {
            map.entries().values().forEach(child -> strings(child, texts));
        } else if (node instanceof SeqNode seq) {
            seq.items().forEach(child -> strings(child, texts));
        } else if (node instanceof ScalarNode scalar && scalar.isString()) {
            texts.add(scalar.text());
        }
    }

    /** The interpolation environment: the process wins over {@code .env} (or {@code --env-file}s). */
    static Map<String, String> environment(LoadRequest request, Path projectDir) {
        var result = new LinkedHashMap<String, String>();
        List<Path> envFiles = request.envFiles();
        if (envFiles.isEmpty() && !request.environment().containsKey("COMPOSE_DISABLE_ENV_FILE")) {
            Path dotEnv = projectDir.resolve(".env");
            envFiles = Files.isRegularFile(dotEnv) ? List.of(dotEnv) : List.of();
        }
        for (Path file : envFiles) {
            Path path = request.workingDirectory().resolve(file);
            try {
                var lookup = new HashMap<>(result);
                lookup.putAll(request.environment());
                result.putAll(DotEnv.parse(SourceText.read(path, "env files"), lookup::get));
            } catch (IOException e) {
                throw new InvalidProjectException(new Problem(new Location(path.toString(), 0, 0), "",
                        "cannot read env file: " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                throw new InvalidProjectException(new Problem(new Location(path.toString(), 0, 0), "", e.getMessage()));
            }
        }
        result.putAll(request.environment());
        return result;
    }

    private static String projectName(LoadRequest request, List<ConfigFile> files, Path projectDir,
                                      Map<String, String> env) {
        if (request.projectName().isPresent()) {
            String explicit = request.projectName().get();
            if (!ProjectName.isValid(explicit)) {
                throw new InvalidProjectException(new Problem(Location.NONE, "", "invalid project name \"" + explicit
                        + "\": must contain only lowercase letters, digits, dashes and underscores,"
                        + " and start with a letter or digit"));
            }
            return explicit;
        }
        String fromEnv = request.environment().get("COMPOSE_PROJECT_NAME");
        if (fromEnv == null) {
            fromEnv = env.get("COMPOSE_PROJECT_NAME");
        }
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return ProjectName.normalize(fromEnv);
        }
        String declared = declaredName(request, files, env);
        if (!declared.isEmpty()) {
            return ProjectName.normalize(declared);
        }
        Path dirName = projectDir.getFileName();
        return ProjectName.normalize(dirName == null ? "default" : dirName.toString());
    }

    /** The top-level {@code name:} of the last file that has one, interpolated; a light first pass. */
    private static String declaredName(LoadRequest request, List<ConfigFile> files, Map<String, String> env) {
        String declared = "";
        var yaml = new dev.mlcompose.schema.yaml.YamlReader();
        for (ConfigFile file : files) {
            try {
                String text = file.isStdin() ? request.stdin().orElse("")
                        : SourceText.read(file.path());
                if (!text.contains("name:")) {
                    continue;
                }
                for (Node doc : yaml.read(file.name(), text)) {
                    if (doc instanceof MapNode map && map.get("name").map(Nodes::textOf).isPresent()) {
                        String raw = Nodes.textOf(map.get("name").get());
                        declared = request.interpolate() ? new Template(env::get, v -> { }).substitute(raw) : raw;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the full load that follows reports this file's problems with their locations
            }
        }
        return declared;
    }

    /**
     * {@code --profile}s, else {@code COMPOSE_PROFILES} split on commas. Empty names are kept, as compose-go's
     * cli.WithDefaultProfiles keeps them: with neither set the active list is [""], which enables services
     * declared with {@code profiles: [""]}.
     */
    private static List<String> activeProfiles(LoadRequest request, Map<String, String> env) {
        if (!request.profiles().isEmpty()) {
            return request.profiles();
        }
        String fromEnv = env.getOrDefault("COMPOSE_PROFILES", "");
        return Arrays.stream(fromEnv.split(",", -1)).map(String::strip).toList();
    }

}
