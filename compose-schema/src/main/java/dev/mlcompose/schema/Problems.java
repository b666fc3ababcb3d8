package dev.mlcompose.schema;

import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Collects problems across a loading phase so that users see all of them at once. */
public final class Problems {

    private final List<Problem> found = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Consumer<String> warningSink;

    public Problems(Consumer<String> warningSink) {
        this.warningSink = warningSink;
    }

    public void add(Node at, KeyPath path, String message) {
        found.add(Problem.at(at.location(), path, message));
    }

    public void add(Problem problem) {
        found.add(problem);
    }

    public void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
            warningSink.accept(message);
        }
    }

    public int size() {
        return found.size();
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Ends a phase: later phases would only repeat the same faults in other words. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidProjectException(found);
        }
    }
}
