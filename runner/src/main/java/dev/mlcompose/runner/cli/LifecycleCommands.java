package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.RecreatePolicy;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.run.UpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The small lifecycle commands; each is one call into the runner. */
final class LifecycleCommands {

    private LifecycleCommands() {
    }

    /** {@code mlcompose restart}. */
    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart containers.")
    static final class Restart implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @picocli.CommandLine.Mixin
        ShutdownTimeout timeout = new ShutdownTimeout();

        @Option(names = "--no-deps", description = "Accepted as compose's: a restart never touches other services.")
        boolean noDeps;

        @Override
        public Integer call() {
            try (var session = root.session()) { // the Compose file, when there is one, has the hooks
                session.lifecycle().restart(session.projectName(), session.projectIfReadable(), services.set(),
                        timeout.duration());
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose kill}. */
    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Send a signal to running containers.")
    static final class Kill implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Option(names = {"-s", "--signal"}, defaultValue = "SIGKILL", paramLabel = "SIGNAL", description = "Signal to send.")
        String signal;

        @Option(names = "--remove-orphans",
                description = "Also kill the containers of services no longer in the files (as compose, not removed).")
        boolean removeOrphans;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                session.lifecycle().kill(session.projectName(), session.projectIfReadable(), services.set(), signal,
                        removeOrphans);
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose scale}: as {@code up --scale} for the named services, their other containers kept as they are. */
    @Command(name = "scale", mixinStandardHelpOptions = true, description = "Set the number of containers of services.",
            footerHeading = "%nExamples:%n", footer = {"  mlcompose scale inference=3", "  mlcompose scale --no-deps worker=0"})
    static final class Scale implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS", description = "Services and their numbers.")
        Map<String, Integer> replicas = new LinkedHashMap<>();

        @Option(names = "--no-deps", description = "Do not start the services' dependencies.")
        boolean noDeps;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                var project = session.project();
                replicas.forEach((service, n) -> {
                    if (project.service(service).isEmpty()) {
                        throw new CliException(ExitCodes.USAGE, "no such service: " + service);
                    }
                    if (n < 0) {
                        throw new CliException(ExitCodes.USAGE, service + "=" + n + ": the number cannot be negative");
                    }
                });
                session.runner().up(project, UpRequest.defaults().withServices(replicas.keySet())
                        .withRecreate(RecreatePolicy.NEVER).withNoDeps(noDeps).withScale(replicas));
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose pause}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause the services' running containers.",
            footerHeading = "%nExamples:%n", footer = {"  mlcompose pause training      frees the CPUs; its GPU memory stays held"})
    static final class Pause implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            return root.onProject((runner, project) -> runner.pause(project, services.set()));
        }
    }

    /** {@code mlcompose unpause}. */
    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause the services' paused containers.")
    static final class Unpause implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            return root.onProject((runner, project) -> runner.unpause(project, services.set()));
        }
    }

    /** {@code mlcompose rm}. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove stopped containers.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Option(names = {"-s", "--stop"}, description = "Stop the containers first.")
        boolean stop;

        @Option(names = {"-f", "--force"}, description = "Do not ask (mlcompose never asks; accepted for compatibility).")
        boolean force;

        @Option(names = {"-v", "--volumes"}, description = "Remove the containers' anonymous volumes too.")
        boolean volumes;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                if (stop) {
                    session.lifecycle().stop(session.projectName(), services.set(), ShutdownTimeout.DEFAULT);
                }
                session.lifecycle().removeStopped(session.projectName(), services.set(), volumes);
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose port}. */
    @Command(name = "port", mixinStandardHelpOptions = true, description = "Print the host address of a published port.",
            footer = {"%nExample:%n  curl http://$(mlcompose port inference 8000)/health"})
    static final class Port implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Parameters(index = "0", paramLabel = "SERVICE")
        String service;

        @Parameters(index = "1", paramLabel = "PRIVATE_PORT")
        int port;

        @Option(names = "--protocol", defaultValue = "tcp", description = "tcp or udp.")
        String protocol;

        @Option(names = "--index", defaultValue = "1", description = "Which container of the service.")
        int index;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                var binding = session.inspector().containers(session.projectName(), false).stream()
                        .filter(c -> c.label(Labels.SERVICE).equals(service))
                        .filter(c -> c.label(Labels.NUMBER).equals(String.valueOf(index)))
                        .flatMap(c -> c.ports().stream())
                        .filter(p -> p.containerPort() == port && p.protocol().equals(protocol)).findFirst()
                        .orElseThrow(() -> new CliException(ExitCodes.FAILURE, "service " + service
                                + ": port " + port + "/" + protocol + " is not published"));
                root.invocation().out().println(address(binding));
                return ExitCodes.OK;
            }
        }

        private static String address(PortBinding p) {
            return (p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp()) + ":" + p.hostPort();
        }
    }

    /** {@code mlcompose ls}: as compose prints it (the table, {@code --format json}, {@code -q}). */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the projects on the engine.",
            footerHeading = "%nExamples:%n",
            footer = {"  mlcompose ls -a", "  mlcompose ls --format json | jq -r '.[].Name'", "  mlcompose ls --filter name=ml"})
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Option(names = {"-a", "--all"}, description = "Also projects with no running container.")
        boolean all;

        @Option(names = {"-q", "--quiet"}, description = "Only the projects' names.")
        boolean quiet;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
        TableOrJson format;

        @Option(names = "--filter", paramLabel = "name=PATTERN", description = "Only projects whose name matches.")
        String filter;

        @Override
        public Integer call() throws Exception {
            var named = nameFilter();
            try (var session = root.session()) {
                var out = root.invocation().out();
                var rows = new ArrayList<Map<String, String>>();
                session.inspector().projects(all).forEach((name, containers) -> {
                    if (named.matcher(name).find()) {
                        var row = new LinkedHashMap<String, String>(); // compose's field order
                        row.put("Name", name);
                        row.put("Status", combinedStatus(containers));
                        row.put("ConfigFiles", containers.stream().map(c -> c.label(Labels.CONFIG_FILES))
                                .filter(f -> !f.isEmpty()).distinct().collect(Collectors.joining(",")));
                        rows.add(row);
                    }
                });
                if (quiet) {
                    rows.forEach(r -> out.println(r.get("Name")));
                } else if (format == TableOrJson.json) {
                    out.println(new ObjectMapper().writeValueAsString(rows));
                } else {
                    var table = new StringBuilder("NAME\tSTATUS\tCONFIG FILES\n");
                    rows.forEach(r -> table.append(String.join("\t", r.values())).append('\n'));
                    out.print(TabColumns.align(table.toString(), 20));
                }
                return ExitCodes.OK;
            }
        }

        /** Compose's: each state with its count, states in alphabetical order ("exited(1), running(2)"). */
        static String combinedStatus(List<ContainerState> containers) {
            var counts = new TreeMap<String, Integer>();
            containers.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
            return counts.entrySet().stream().map(e -> e.getKey() + "(" + e.getValue() + ")")
                    .collect(Collectors.joining(", "));
        }

        /** {@code name=PATTERN}, matched anywhere in the name as the engine's filters match (compose's only one). */
        private Pattern nameFilter() {
            if (filter == null) {
                return Pattern.compile("");
            }
            if (!filter.startsWith("name=")) {
                throw new CliException(ExitCodes.USAGE, "--filter " + filter + ": the only filter is name=PATTERN");
            }
            try {
                return Pattern.compile(filter.substring("name=".length()));
            } catch (PatternSyntaxException e) {
                throw new CliException(ExitCodes.USAGE, "--filter " + filter + ": not a pattern: " + e.getDescription());
            }
        }
    }

    /** The two formats of compose's {@code ls} and {@code images}. */
    enum TableOrJson { table, json }

    /** {@code mlcompose wait}. */
    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Block until the services' containers exit; exit with the first container's code.")
    static final class Wait implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Services to wait for.")
        List<String> services = List.of();

        @Option(names = "--down-project", description = "Then take the project down (as down, named volumes kept).")
        boolean downProject;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                int code = session.inspector().waitForExit(session.projectName(), Set.copyOf(services));
                if (downProject) {
                    session.lifecycle().down(session.projectName(), false, ShutdownTimeout.DEFAULT);
                }
                return code;
            }
        }
    }
}
