package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.run.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
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

        @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10", description = "Shutdown timeout.")
        int timeout;

        @Override
        public Integer call() {
            try (var session = root.session()) { // the Compose file, when there is one, has the hooks
                session.runner().restart(session.projectName(), session.projectIfReadable(), services.set(),
                        Duration.ofSeconds(timeout));
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

        @Override
        public Integer call() {
            return root.onProject((runner, project) -> runner.kill(project, services.set(), signal));
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
                    session.runner().stop(session.projectName(), services.set(), Duration.ofSeconds(10));
                }
                session.runner().removeStopped(session.projectName(), services.set(), volumes);
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose build}. */
    @Command(name = "build", mixinStandardHelpOptions = true, description = "Build the services' images.")
    static final class Build implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                session.runner().build(session.project(), services.set());
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
                var binding = session.runner().containers(session.projectName(), false).stream()
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

    /** {@code mlcompose ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the projects on the engine.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                var out = root.invocation().out();
                out.printf("%-32s %s%n", "NAME", "STATUS");
                session.runner().projects().forEach((name, counts) ->
                        out.printf("%-32s running(%d), total(%d)%n", name, counts[0], counts[1]));
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose wait}. */
    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Block until the services' containers exit; exit with the first container's code.")
    static final class Wait implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Services to wait for.")
        List<String> services = List.of();

        @Override
        public Integer call() {
            try (var session = root.session()) {
                return session.runner().waitForExit(session.projectName(), Set.copyOf(services));
            }
        }
    }

    /** {@code mlcompose pull}. */
    @Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull the services' images.")
    static final class Pull implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                session.runner().pull(session.project(), services.set());
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose events}. */
    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Stream the project's container events until interrupted.")
    static final class Events implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Option(names = "--json", description = "One JSON object per line.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            try (var session = root.session()) {
                var out = root.invocation().out();
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                try (var stream = session.runner().events(session.projectName(), e -> {
                    String service = e.attributes().getOrDefault(Labels.SERVICE, "");
                    synchronized (out) {
                        out.println(json ? toJson(mapper, e, service)
                                : java.time.Instant.now() + " container " + e.action() + " " + e.containerId()
                                        + " (service=" + service + ")");
                        out.flush();
                    }
                })) {
                    Thread.currentThread().join(); // until Ctrl-C ends the JVM
                }
                return ExitCodes.OK;
            }
        }

        private static String toJson(com.fasterxml.jackson.databind.ObjectMapper mapper,
                                     dev.mlcompose.runner.engine.EngineEvent e, String service) {
            try {
                return mapper.writeValueAsString(java.util.Map.of("time", java.time.Instant.now().toString(),
                        "type", "container", "action", e.action(), "id", e.containerId(), "service", service,
                        "attributes", e.attributes()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
