package dev.mlcompose.runner.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** An image build: context directory, Dockerfile (relative to the context), args, target and tag. */
public record BuildSpec(Path context, String dockerfile, Map<String, String> args, Optional<String> target,
                        String tag, Map<String, String> labels) {

    public BuildSpec {
        args = Map.copyOf(args);
        labels = Map.copyOf(labels);
    }
}
