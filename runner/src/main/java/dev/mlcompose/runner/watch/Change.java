package dev.mlcompose.runner.watch;

import dev.mlcompose.schema.model.Service.WatchRule;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A changed file and the rule it falls under: {@code containerPath} is where a sync puts it (empty for rules
 * without a {@code target}). A file that no longer exists here is deleted there.
 */
record Change(WatchRule rule, Path hostPath, Optional<String> containerPath) {
}
