package dev.mlcompose.schema.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to load: the global options shared by every command ({@code -f}, {@code -p}, {@code --profile},
 * {@code --env-file}, {@code --project-directory}) plus the caller's environment and working directory.
 *
 * @param files            the {@code -f} files in order; {@code -} means {@code stdin}; empty means discovery
 * @param stdin            the text behind {@code -f -}
 * @param environment      the process environment (never read from System.getenv here, so tests can set it)
 * @param interpolate      false for {@code config --no-interpolate}
 * @param warnings         where warnings go (unset variables, obsolete keys)
 * @param rendering        what {@code config} leaves out of the document it prints ({@link Rendering#FULL} for
 *                         everything else: the model is always bound from the whole)
 */
public record LoadRequest(List<String> files, Optional<String> stdin, Optional<String> projectName,
                          Optional<Path> projectDirectory, List<String> profiles, List<Path> envFiles,
                          Map<String, String> environment, Path workingDirectory, boolean interpolate,
                          Consumer<String> warnings, Rendering rendering) {

    /**
     * {@code config --no-path-resolution} ({@code resolvePaths} false: paths printed as written),
     * {@code --no-normalize} ({@code normalize} false: no defaults or resource names filled in) and
     * {@code --no-consistency} ({@code checkConsistency} false: references to undefined services, networks,
     * volumes, secrets and configs are not refused).
     */
    public record Rendering(boolean resolvePaths, boolean normalize, boolean checkConsistency) {
        public static final Rendering FULL = new Rendering(true, true, true);
    }

    /** As compose renders: paths resolved, normalized, checked. */
    public LoadRequest(List<String> files, Optional<String> stdin, Optional<String> projectName,
                       Optional<Path> projectDirectory, List<String> profiles, List<Path> envFiles,
                       Map<String, String> environment, Path workingDirectory, boolean interpolate,
                       Consumer<String> warnings) {
        this(files, stdin, projectName, projectDirectory, profiles, envFiles, environment, workingDirectory,
                interpolate, warnings, Rendering.FULL);
    }

    public LoadRequest {
        files = List.copyOf(files);
        profiles = List.copyOf(profiles);
        envFiles = List.copyOf(envFiles);
        environment = Map.copyOf(environment);
    }

    /** A request for the files given, in {@code dir}, with the given environment and no other options. */
    public static LoadRequest of(Path dir, Map<String, String> environment, String... files) {
        return new LoadRequest(List.of(files), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), environment, dir, true, w -> { });
    }

    public LoadRequest withProfiles(List<String> active) {
        return new LoadRequest(files, stdin, projectName, projectDirectory, active, envFiles, environment,
                workingDirectory, interpolate, warnings, rendering);
    }

    public LoadRequest withRendering(Rendering how) {
        return new LoadRequest(files, stdin, projectName, projectDirectory, profiles, envFiles, environment,
                workingDirectory, interpolate, warnings, how);
    }

    public LoadRequest withProjectName(String name) {
        return new LoadRequest(files, stdin, Optional.of(name), projectDirectory, profiles, envFiles, environment,
                workingDirectory, interpolate, warnings, rendering);
    }
}
