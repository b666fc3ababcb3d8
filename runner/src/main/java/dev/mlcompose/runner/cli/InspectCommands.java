package dev.mlcompose.runner.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Read-only views of the running project: {@code top} and {@code images}. */
final class InspectCommands {

    private InspectCommands() {
    }

    /** {@code mlcompose top}. */
    @Command(name = "top", mixinStandardHelpOptions = true, description = "Show the processes of running containers.")
    static final class Top implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                var out = root.invocation().out();
                session.runner().top(session.projectName(), services.set()).forEach((name, p) -> {
                    out.println(name);
                    out.println(String.join("\t", p.titles()));
                    p.rows().forEach(row -> out.println(String.join("\t", row)));
                    out.println();
                });
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose images}. */
    @Command(name = "images", mixinStandardHelpOptions = true, description = "List the images the containers use.")
    static final class Images implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                var out = root.invocation().out();
                out.printf("%-36s %-40s %-20s %s%n", "CONTAINER", "IMAGE", "IMAGE ID", "SIZE");
                session.runner().images(session.projectName(), services.set()).forEach(c -> out.printf(
                        "%-36s %-40s %-20s %s%n", c.container(), c.image(),
                        c.info().map(i -> i.id().replace("sha256:", "").substring(0, 12)).orElse("(missing)"),
                        c.info().map(i -> String.format("%.1fMB", i.size() / 1e6)).orElse("")));
                return ExitCodes.OK;
            }
        }
    }
}
