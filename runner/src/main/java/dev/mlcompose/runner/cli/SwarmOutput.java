package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.LogPrinter;
import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.swarm.Cluster;
import dev.mlcompose.runner.swarm.TaskRows;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What {@code --backend swarm} prints of a stack: {@code ps}, one row per task, and the services' output. */
final class SwarmOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SwarmOutput() {
    }

    /** One row per task of the stack (of the services {@code wanted}); {@code json}: one object per line. */
    static int ps(MlCompose root, ServiceArguments wanted, boolean all, boolean quiet, boolean json) {
        String name = SwarmCommands.projectName(root);
        var cluster = SwarmCommands.cluster(root);
        var services = cluster.list(Cluster.Kind.SERVICE, name);
        var tasks = new HashMap<String, List<JsonNode>>();
        services.forEach(s -> tasks.put(s.path("ID").asText(), cluster.tasks(s.path("ID").asText())));
        var rows = TaskRows.of(name, services, tasks, services.isEmpty() ? List.of() : cluster.nodes(), all).stream()
                .filter(r -> wanted.includes(r.service())).toList();
        var out = root.invocation().out();
        if (quiet) {
            rows.forEach(r -> out.println(r.id()));
        } else if (json) {
            for (var r : rows) { // compose's capitalised keys, and a Swarm task's own
                out.println(JSON.createObjectNode().put("ID", r.id()).put("Name", r.name()).put("Service", r.service())
                        .put("Node", r.node()).put("State", r.state()).put("DesiredState", r.desiredState())
                        .put("ExitCode", r.exitCode()).put("GPUs", r.gpus()).put("Error", r.error()).toString());
            }
        } else {
            var table = new StringBuilder("NAME\tSERVICE\tNODE\tSTATE\tDESIRED\tEXIT\tGPUS\tERROR");
            rows.forEach(r -> table.append('\n').append(String.join("\t", r.name(), r.service(), r.node(), r.state(),
                    r.desiredState(), r.state().equals("complete") || r.state().equals("failed") ? Integer.toString(r.exitCode())
                    : "", r.gpus(), r.error())));
            out.println(TabColumns.align(table.toString(), 8));
        }
        return ExitCodes.OK;
    }

    /** The output of the stack's services (those named, or all), each line prefixed with its service. */
    static int logs(MlCompose root, Predicate<String> wanted, boolean follow, Optional<Integer> tail,
                    boolean prefix, boolean color) {
        var readers = readers(root, SwarmCommands.cluster(root), SwarmCommands.projectName(root), wanted, follow, tail,
                prefix, color);
        readers.forEach(Thread::start);
        for (Thread reader : readers) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ExitCodes.OK;
    }

    /** A reader (a daemon thread, not started) of each wanted service of stack {@code name}, into one printer. */
    static List<Thread> readers(MlCompose root, Cluster cluster, String name, Predicate<String> wanted, boolean follow,
                                Optional<Integer> tail, boolean prefix, boolean color) {
        var services = cluster.list(Cluster.Kind.SERVICE, name).stream()
                .filter(s -> wanted.test(s.path("Spec").path("Name").asText().substring(name.length() + 1))).toList();
        int width = services.stream().mapToInt(s -> s.path("Spec").path("Name").asText().length()).max().orElse(10);
        var printer = new LogPrinter(root.invocation().out(), color && root.style().color(), prefix, Math.max(1, width - name.length() - 1));
        var err = root.invocation().err();
        var readers = services.stream().map(s -> {
            String service = s.path("Spec").path("Name").asText().substring(name.length() + 1);
            return new Thread(() -> {
                try {
                    cluster.logs(s.path("ID").asText(), follow, tail, line -> printer.print(service, line));
                } catch (RuntimeException e) { // one line, as every error; the other services' output goes on
                    err.println("error: the output of " + service + " ended: " + e.getMessage());
                    err.flush();
                }
            }, "mlcompose-logs");
        }).toList();
        readers.forEach(r -> r.setDaemon(true));
        return readers;
    }
}
