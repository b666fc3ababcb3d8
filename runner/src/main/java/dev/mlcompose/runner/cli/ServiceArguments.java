package dev.mlcompose.runner.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Parameters;

/** The {@code SERVICE…} arguments that most commands take; none means every service. */
final class ServiceArguments {

    @Parameters(paramLabel = "SERVICE", description = "Only these services (default: all).")
    List<String> names = List.of();

    Set<String> set() {
        return Set.copyOf(names);
    }

    boolean includes(String service) {
        return names.isEmpty() || names.contains(service);
    }
}
