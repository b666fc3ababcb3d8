package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.cli.output.GoTemplate;
import java.util.List;
import java.util.Map;

/** A {@code --format} Go template of a listing command: parsed and rendered, what it cannot do a usage error. */
final class TemplateFormat {

    private TemplateFormat() {
    }

    static GoTemplate parse(String format) {
        try {
            return GoTemplate.parse(format);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--format: " + e.getMessage());
        }
    }

    /** All lines or none: a template that names no such field fails before anything is printed. */
    static String render(GoTemplate template, List<? extends GoTemplate.Subject> rows, Map<String, String> headers) {
        try {
            return template.render(rows, headers);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--format: " + e.getMessage());
        }
    }
}
