package dev.mlcompose.runner.cli.output;

import dev.mlcompose.runner.run.ProgressEvent.Status;

/** How both progress views mark a status, as compose does: ✘ in red when it failed, … in yellow under way, else ✔ in green. */
final class StatusMarks {

    private StatusMarks() {
    }

    static String mark(Status status) {
        return status == Status.FAILED ? "✘" : status.working() ? "…" : "✔";
    }

    static String color(Status status) {
        return status == Status.FAILED ? "\u001b[31m" : status.working() ? "\u001b[33m" : "\u001b[32m";
    }
}
