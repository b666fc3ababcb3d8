package dev.mlcompose.runner.lint;

import dev.mlcompose.runner.lint.LintRules.Subject;
import dev.mlcompose.schema.model.Project;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Runs every lint rule on every service of a project; findings sorted by file position. */
public final class Linter {

    private Linter() {
    }

    /** @param imageUser the user a local image runs as, when known (from the engine); empty when unknown */
    public static List<Finding> lint(Project project, Function<String, Optional<String>> imageUser) {
        return project.services().values().stream()
                .flatMap(service -> LintRules.ALL.stream().flatMap(r -> r.apply(new Subject(project, service, imageUser))))
                .sorted(Comparator.comparing((Finding f) -> f.location().file())
                        .thenComparingInt(f -> f.location().line()).thenComparing(Finding::ruleId))
                .toList();
    }

    /** The rules, for documentation and SARIF: id, severity and fix. */
    public static List<String[]> rules() {
        return LintRules.ALL.stream().map(r -> new String[] {r.id(), r.severity().name(), r.fix()}).toList();
    }
}
