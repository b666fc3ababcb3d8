package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.run.DryRun;
import java.io.PrintWriter;
import java.util.List;

/** What a dry run prints: its lines on stdout ("nothing to do" when none), its warnings on stderr. */
final class DryRunLines {

    private DryRunLines() {
    }

    /** {@code up} and {@code create}: the images to build or pull, then the plan. */
    static int print(PrintWriter out, PrintWriter err, Style style, DryRun dryRun) {
        dryRun.plan().warnings().forEach(w -> err.println(style.warning("WARN ") + w));
        return print(out, dryRun.images().isEmpty() && dryRun.plan().steps().isEmpty() ? List.of()
                : List.of(dryRun.toString()));
    }

    static int print(PrintWriter out, List<String> lines) {
        out.println(lines.isEmpty() ? "nothing to do" : String.join("\n", lines));
        out.flush();
        return ExitCodes.OK;
    }
}
