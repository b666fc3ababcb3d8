package dev.mlcompose.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose version}: as compose's, in words, {@code --short}, or {@code --format json} for scripts. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Show the mlcompose version information.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose version --short", "  mlcompose version --format json | jq -r .version"})
final class VersionCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Option(names = {"-f", "--format"}, defaultValue = "pretty", paramLabel = "FORMAT",
            description = "pretty (default) or json.")
    OutputFormat format;

    @Option(names = "--short", description = "Only the version number.")
    boolean shortly;

    enum OutputFormat { pretty, json }

    @Override
    public Integer call() {
        String version = MlCompose.Version.number();
        var out = root.invocation().out();
        if (shortly) {
            out.println(version);
        } else if (format == OutputFormat.json) {
            out.println("{\"version\":\"" + version + "\"}"); // a version has no characters JSON would escape
        } else {
            out.println("mlcompose version " + version);
        }
        return ExitCodes.OK;
    }
}
