package dev.mlcompose.runner.plan;

import java.util.List;

/**
 * What was asked cannot be planned (an external network or volume that does not exist): refused before anything is
 * made, with one line per problem.
 */
public final class PlanRefused extends RuntimeException {

    private final List<String> problems;

    PlanRefused(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
