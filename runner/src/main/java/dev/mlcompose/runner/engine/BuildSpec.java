package dev.mlcompose.runner.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** An image build: context directory, Dockerfile (relative to the context), args, target, tag, labels and options. */
public record BuildSpec(Path context, String dockerfile, Map<String, String> args, Optional<String> target,
                        String tag, Map<String, String> labels, Options options) {

    public BuildSpec {
        args = Map.copyOf(args);
        labels = Map.copyOf(labels);
    }

    /** With the engine's defaults: the layer cache used, base images pulled only when missing. */
    public BuildSpec(Path context, String dockerfile, Map<String, String> args, Optional<String> target, String tag,
                     Map<String, String> labels) {
        this(context, dockerfile, args, target, tag, labels, Options.DEFAULTS);
    }

    /**
     * {@code build --no-cache}, {@code --pull} (base images pulled even when present) and {@code -m/--memory} (the
     * build containers' limit, in bytes).
     */
    public record Options(boolean noCache, boolean pullBase, Optional<Long> memory) {
        public static final Options DEFAULTS = new Options(false, false, Optional.empty());
    }
}
