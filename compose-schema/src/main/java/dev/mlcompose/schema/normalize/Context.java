package dev.mlcompose.schema.normalize;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Node;
import java.nio.file.Path;
import java.util.Map;

/**
 * What canonicalization needs beyond the document: the directory relative paths resolve against, the
 * user's home for {@code ~}, the environment for bare {@code KEY} entries, and where problems go.
 */
public record Context(Path baseDir, Path home, Map<String, String> environment, Problems problems) {

    public Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.equals("~") ? "" : path.substring(2)).normalize();
        }
        return baseDir.resolve(path).normalize();
    }

    public void fail(Node at, KeyPath path, String message) {
        problems.add(at, path, message);
    }

    public Context withBaseDir(Path dir) {
        return new Context(dir, home, environment, problems);
    }
}
