package dev.mlcompose.schema.load;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.yaml.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Compose files to load: {@code -f}, else {@code COMPOSE_FILE}, else the first of compose.yaml,
 * compose.yml, docker-compose.yml, docker-compose.yaml in the working directory or its parents, plus the
 * matching override file (compose-go cli/options.go).
 */
public final class ConfigFiles {

    static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yml",
            "docker-compose.yaml");
    static final List<String> OVERRIDE_NAMES = List.of("compose.override.yml", "compose.override.yaml",
            "docker-compose.override.yml", "docker-compose.override.yaml");

    /** A config file to read: its display name and absolute path ({@code -} for stdin). */
    public record ConfigFile(String name, Path path) {
        public boolean isStdin() {
            return name.equals("-");
        }
    }

    private ConfigFiles() {
    }

    /** @param environment the process environment plus the working directory's .env, where COMPOSE_FILE may be */
    public static List<ConfigFile> resolve(LoadRequest request, java.util.Map<String, String> environment) {
        List<String> names = request.files();
        if (names.isEmpty() && environment.containsKey("COMPOSE_FILE")) {
            String separator = environment.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
            names = List.of(environment.get("COMPOSE_FILE").split(java.util.regex.Pattern.quote(separator)));
        }
        if (!names.isEmpty()) {
            var files = new ArrayList<ConfigFile>();
            for (String name : names) {
                if (name.equals("-")) {
                    files.add(new ConfigFile("-", request.workingDirectory().resolve("-")));
                    continue;
                }
                Path path = request.workingDirectory().resolve(name).toAbsolutePath().normalize();
                if (!Files.isRegularFile(path)) {
                    throw notFound("open " + path + ": no such file or directory");
                }
                files.add(new ConfigFile(path.toString(), path));
            }
            return files;
        }
        return discover(request.workingDirectory().toAbsolutePath().normalize());
    }

    private static List<ConfigFile> discover(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (String name : DEFAULT_NAMES) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate)) {
                    var files = new ArrayList<ConfigFile>();
                    files.add(new ConfigFile(candidate.toString(), candidate));
                    for (String override : OVERRIDE_NAMES) {
                        Path o = dir.resolve(override);
                        if (Files.isRegularFile(o)) {
                            files.add(new ConfigFile(o.toString(), o));
                            break;
                        }
                    }
                    return files;
                }
            }
        }
        throw notFound("no configuration file provided: not found (looked for " + String.join(", ", DEFAULT_NAMES)
                + " in " + start + " and its parents)");
    }

    private static InvalidProjectException notFound(String message) {
        return new InvalidProjectException(new Problem(Location.NONE, "", message));
    }
}
