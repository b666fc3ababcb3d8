package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.lint.Finding;
import dev.mlcompose.runner.lint.LintReport;
import dev.mlcompose.runner.lint.Linter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose lint}: best-practice checks for containerized ML. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check the project against best practices for containerized ML (rules ML001-ML009).",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose lint", "  mlcompose lint --format sarif > lint.sarif     for CI code scanning",
            "  mlcompose lint --fail-on error                 only errors fail the build"})
final class LintCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text, json or sarif.")
    Format format;

    /** The values of {@code --format}. */
    enum Format { text, json, sarif }

    @Option(names = "--fail-on", defaultValue = "warning", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding is at or above: info, warning (default), error.")
    String failOn;

    private boolean noEngine;

    @Override
    public Integer call() {
        Finding.Severity threshold;
        try {
            threshold = Finding.Severity.valueOf(failOn.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--fail-on must be info, warning or error, got \"" + failOn + "\"");
        }
        try (var session = root.session()) {
            var findings = Linter.lint(session.project(), image -> imageUser(session, image));
            if (noEngine) {
                root.invocation().err().println("note: no engine answered, so ML002 (root user) only read the files");
            }
            var out = root.invocation().out();
            out.print(switch (format) {
                case json -> LintReport.json(findings);
                case sarif -> LintReport.sarif(findings);
                case text -> LintReport.text(findings);
            });
            return findings.stream().anyMatch(f -> f.severity().compareTo(threshold) >= 0) ? ExitCodes.FAILURE
                    : ExitCodes.OK;
        }
    }

    /** The user a local image runs as; unknown (empty) when there is no engine or no such image. */
    private Optional<String> imageUser(Session session, String image) {
        if (noEngine) {
            return Optional.empty();
        }
        try {
            return session.engine().image(image).map(ImageInfo::user);
        } catch (EngineException e) {
            noEngine = true; // lint works without an engine; ML002 then only reads the file
            return Optional.empty();
        }
    }
}
