package dev.mlcompose.schema;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A compose.yaml written into a test's folder and loaded, or the problems the loader reports in it. */
final class ComposeFiles {

    private ComposeFiles() {
    }

    static Project load(Path dir, String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of(), new String[0]));
    }

    /** Each problem as the user reads it, with paths relative to {@code dir}. */
    static List<String> problems(Path dir, String yaml) throws IOException {
        try {
            load(dir, yaml);
        } catch (InvalidProjectException e) {
            return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
        }
        throw new AssertionError("expected the project to be invalid");
    }
}
