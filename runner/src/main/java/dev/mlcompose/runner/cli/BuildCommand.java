package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.run.BuildRequestBuilder;
import dev.mlcompose.schema.model.ByteSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose build}. */
@Command(name = "build", mixinStandardHelpOptions = true, description = "Build the services' images.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose build --no-cache training",
            "  mlcompose build --build-arg TORCH_VERSION=2.5.1 --with-dependencies inference",
            "  mlcompose build -q && mlcompose up -d --no-build",
            "  mlcompose build --push training   build, then push to the registry its image: names"})
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = "--build-arg", paramLabel = "KEY[=VAL]",
            description = "A build arg over the build sections' (KEY alone: its value here, skipped when unset).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "Do not use the layer cache.")
    boolean noCache;

    @Option(names = "--pull", description = "Pull the base images even when they are present.")
    boolean pull;

    @Option(names = {"-m", "--memory"}, paramLabel = "BYTES", description = "Memory limit of the build containers (e.g. 512m).")
    String memory;

    @Option(names = "--with-dependencies", description = "Also build the images of the services' dependencies.")
    boolean withDependencies;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--push", description = "Push the images built to their registries (those with an image name).")
    boolean push;

    @Option(names = "--builder", paramLabel = "NAME",
            description = "The builder: only 'default', the engine's own (buildx builders are BuildKit's).")
    String builder;

    @Option(names = "--ssh", paramLabel = "SPEC", description = "Not available: SSH forwarding needs BuildKit.")
    String ssh;

    @Override
    public Integer call() {
        if (builder != null && !builder.equals("default")) {
            throw new CliException(ExitCodes.USAGE, "--builder " + builder + ": mlcompose builds with the engine's"
                    + " classic builder ('default'); buildx builders are BuildKit's");
        }
        if (ssh != null) {
            throw new CliException(ExitCodes.USAGE, "--ssh needs BuildKit, which the engine's classic builder"
                    + " (mlcompose's) does not have");
        }
        var request = BuildRequestBuilder.builder().services(services.set()).withDependencies(withDependencies)
                .args(args(root.invocation().environment())).quiet(quiet)
                .options(new BuildSpec.Options(noCache, pull, Optional.ofNullable(memory).map(BuildCommand::bytes))).build();
        try (var session = root.session()) {
            session.runner().build(session.project(), request);
            if (push) {
                session.runner().push(session.project(), services.set(), withDependencies, false, quiet);
            }
            return ExitCodes.OK;
        }
    }

    /** {@code KEY=VAL} as written; {@code KEY} alone takes its value from the environment, as compose. */
    private Map<String, String> args(Map<String, String> environment) {
        var args = new LinkedHashMap<String, String>();
        for (String arg : buildArgs) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                args.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (environment.containsKey(arg)) {
                args.put(arg, environment.get(arg));
            }
        }
        return args;
    }

    private static long bytes(String memory) {
        try {
            return ByteSize.parse(memory).bytes();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--memory: " + e.getMessage());
        }
    }
}

