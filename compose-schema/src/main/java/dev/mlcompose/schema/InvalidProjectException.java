package dev.mlcompose.schema;

import java.util.List;
import java.util.stream.Collectors;

/** The project could not be loaded; carries every problem found, sorted by location. */
public final class InvalidProjectException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidProjectException(List<Problem> problems) {
        super(problems.stream().sorted().distinct().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = problems.stream().sorted().distinct().toList();
    }

    public InvalidProjectException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
