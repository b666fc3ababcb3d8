package dev.mlcompose.schema.normalize;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Node;
import java.nio.file.Path;
import java.util.Map;

/**
 * What canonicalization needs beyond the document: the directory relative paths resolve against, the
 * user's home for {@code ~}, the environment for bare {@code KEY} entries, and where problems go. With
 * {@code resolvePaths} false ({@code config --no-path-resolution}) paths stay as written in the document; the
 * files they name are still read from where they are ({@link #locate}).
 */
public record Context(Path baseDir, Path home, Map<String, String> environment, Problems problems,
                      boolean resolvePaths) {

    public Context(Path baseDir, Path home, Map<String, String> environment, Problems problems) {
        this(baseDir, home, environment, problems, true);
    }

    /** A path as the document gives it: absolute, unless paths are left as written. */
    public Path resolve(String path) {
        return resolvePaths ? locate(path) : Path.of(path);
    }

    /** Where the file {@code path} names is: relative to the base directory, or to the home for {@code ~}. */
    public Path locate(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.equals("~") ? "" : path.substring(2)).normalize();
        }
        return baseDir.resolve(path).normalize();
    }

    public void fail(Node at, KeyPath path, String message) {
        problems.add(at, path, message);
    }

    public Context withBaseDir(Path dir) {
        return new Context(dir, home, environment, problems, resolvePaths);
    }
}
