package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose config}: the resolved project, as {@code docker compose config} prints it. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Parse, resolve and render the Compose file(s) in canonical form.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlcompose config --format json",
            "  mlcompose -f compose.yml -f override.yml config --services",
            "  mlcompose config --hash '*'       one 'service hash' line per service",
            "  mlcompose config -q && echo valid"})
final class ConfigCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "FORMAT", description = "yaml (default) or json.")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Only validate; print nothing.")
    boolean quiet;

    @Option(names = "--services", description = "Print the service names, one per line.")
    boolean services;

    @Option(names = "--volumes", description = "Print the volume names, one per line.")
    boolean volumes;

    @Option(names = "--profiles", description = "Print the profile names, one per line.")
    boolean profiles;

    @Option(names = "--images", description = "Print the image names, one per line.")
    boolean images;

    @Option(names = "--hash", paramLabel = "SERVICES", description = "Print 'service hash' for the services ('*' for all).")
    String hash;

    @Option(names = "--no-interpolate", description = "Do not replace $${VARIABLES} (print them as written).")
    boolean noInterpolate;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!List.of("yaml", "json").contains(format)) {
            throw new CliException(ExitCodes.USAGE, "--format must be yaml or json, got \"" + format + "\"");
        }
        var style = root.style();
        var err = root.invocation().err();
        Project project = ErrorReporter.load(root.options().request(root.invocation(), !noInterpolate,
                w -> err.println(style.warning("WARN ") + w)));
        if (quiet) {
            return ExitCodes.OK;
        }
        String text = render(project);
        if (output != null) {
            Files.writeString(root.invocation().workingDirectory().resolve(output), text);
        } else {
            root.invocation().out().print(text);
        }
        return ExitCodes.OK;
    }

    private String render(Project project) {
        if (services) {
            return lines(project.services().keySet().stream().sorted().toList());
        }
        if (volumes) {
            return lines(project.volumes().keySet().stream().sorted().toList());
        }
        if (profiles) {
            return lines(project.profiles());
        }
        if (images) {
            return lines(project.services().values().stream().map(s -> Names.image(project, s)).toList());
        }
        if (hash != null) {
            List<String> names = hash.equals("*") ? project.services().keySet().stream().sorted().toList()
                    : List.of(hash.split(","));
            Map<String, String> hashes = ConfigHash.all(project);
            return lines(names.stream().map(String::strip).map(n -> n + " " + Optional.ofNullable(hashes.get(n))
                    .orElseThrow(() -> new IllegalArgumentException("no such service: " + n))).toList());
        }
        boolean escape = !noInterpolate;
        return format.equals("json") ? ConfigPrinter.json(project, escape) : ConfigPrinter.yaml(project, escape);
    }


    private static String lines(List<String> items) {
        return items.isEmpty() ? "" : String.join("\n", items) + "\n";
    }
}
