package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.plan.Condition;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Whether a dependency's {@code depends_on} condition holds, read from its tasks' states, as measured on Engine 26.1:
 * a task whose service has a healthcheck is {@code starting} until healthy and {@code running} after; a job's task
 * ends {@code complete} (exit 0) or {@code failed} ("task: non-zero exit (3)", desired state {@code shutdown});
 * the tasks of a removed or replaced spec have desired state {@code remove} or {@code shutdown}. Pure.
 */
public final class TaskConditions {

    /** Where a wait stands. */
    public sealed interface Verdict {
        record Met() implements Verdict {
        }

        record Waiting(String state) implements Verdict {
        }

        /** {@code exitCode}: the task's, or -1 where it has none. */
        record Failed(String reason, int exitCode, Cause cause) implements Verdict {
            /** The Swarm ended it, not the job. */
            public boolean lost() {
                return cause == Cause.LOST;
            }
        }

        /** What ended a failed wait. */
        enum Cause {
            /** The task failed (its exit code, or an unhealthy container). */
            FAILED,
            /** The Swarm ended it, not the job: its node went down, or the dispatcher rejected it. */
            LOST,
            /** A job's attempt ran past its {@code x-mlcompose.deadline}. */
            TIMED_OUT
        }
    }

    private TaskConditions() {
    }

    /**
     * {@code condition} over the tasks of one service; {@code iteration} is a job's current
     * run (its service's {@code JobStatus.JobIteration.Index}), whose tasks alone count; {@code completions} how
     * many tasks it must complete.
     */
    public static Verdict of(Condition condition, List<JsonNode> tasks, Optional<Long> iteration, int completions) {
        return switch (condition) {
            case COMPLETED_SUCCESSFULLY -> completed(current(tasks, iteration), completions);
            case HEALTHY -> running(tasks, false);
            case STARTED -> running(tasks, true);
        };
    }

    /** A job's current run: its service's {@code JobStatus.JobIteration.Index}. */
    static Optional<Long> iteration(JsonNode service) {
        return Optional.of(service.path("JobStatus").path("JobIteration").path("Index")).filter(JsonNode::isNumber)
                .map(JsonNode::asLong);
    }

    private static List<JsonNode> current(List<JsonNode> tasks, Optional<Long> iteration) {
        return iteration.map(i -> tasks.stream().filter(t -> t.path("JobIteration").path("Index").asLong(-1) == i).toList())
                .orElse(tasks);
    }

    private static Verdict completed(List<JsonNode> tasks, int completions) {
        for (JsonNode t : tasks) {
            String state = state(t);
            if (state.equals("failed") || state.equals("rejected")) {
                return new Verdict.Failed(failure(t), exitCode(t), state.equals("rejected") ? Verdict.Cause.LOST : Verdict.Cause.FAILED);
            }
        }
        long complete = tasks.stream().filter(t -> state(t).equals("complete")).count();
        return complete >= Math.max(1, completions) ? new Verdict.Met()
                : new Verdict.Waiting(tasks.isEmpty() ? "no task yet" : state(tasks.get(tasks.size() - 1)));
    }

    /** A task is up ({@code started}: also while its health is starting); a failed one is no failure yet. */
    private static Verdict running(List<JsonNode> tasks, boolean startingCounts) {
        var live = tasks.stream().filter(t -> !t.path("DesiredState").asText().equals("remove")).toList();
        for (JsonNode t : live) {
            String state = state(t);
            if (state.equals("running") || state.equals("complete") || startingCounts && state.equals("starting")) {
                return new Verdict.Met();
            }
        }
        var failed = live.stream().filter(t -> state(t).equals("failed") || state(t).equals("rejected")).toList();
        if (!startingCounts && !failed.isEmpty() && failure(failed.get(0)).contains("unhealthy")) {
            return new Verdict.Failed(failure(failed.get(0)), -1, Verdict.Cause.FAILED);
        }
        return new Verdict.Waiting(live.isEmpty() ? "no task yet" : state(live.get(0)));
    }

    /** Whether a task of the job's current run is running: its attempt's deadline counts from then. */
    static boolean running(List<JsonNode> tasks, Optional<Long> iteration) {
        return current(tasks, iteration).stream().anyMatch(t -> state(t).equals("running"));
    }

    /** Why a pending task waits, when it is for resources no node has free ("insufficient resources on 3 nodes"). */
    static Optional<String> waitingForResources(List<JsonNode> tasks) {
        return tasks.stream().filter(t -> state(t).equals("pending") && !t.path("DesiredState").asText().equals("remove"))
                .map(t -> t.path("Status").path("Err").asText("") + " " + t.path("Status").path("Message").asText(""))
                .map(String::strip)
                .filter(err -> err.contains("insufficient resources")).findFirst();
    }

    /**
     * A job's task of the current run that has not ended, on a node the manager sees down: the node can no longer
     * say how it ends, and with restart condition none Swarm will not replace it, so the attempt is lost.
     */
    static Optional<String> onDownNode(List<JsonNode> tasks, Optional<Long> iteration, List<JsonNode> nodes) {
        var down = new HashMap<String, String>();
        nodes.stream().filter(n -> n.path("Status").path("State").asText().equals("down"))
                .forEach(n -> down.put(n.path("ID").asText(), n.path("Description").path("Hostname").asText()));
        return current(tasks, iteration).stream()
                .filter(t -> !List.of("complete", "failed", "rejected", "shutdown").contains(state(t)))
                .map(t -> down.get(t.path("NodeID").asText())).filter(java.util.Objects::nonNull).findFirst()
                .map(node -> "its node " + node + " went down while it ran");
    }

    static String state(JsonNode task) {
        return task.path("Status").path("State").asText("");
    }

    static int exitCode(JsonNode task) {
        JsonNode code = task.path("Status").path("ContainerStatus").path("ExitCode");
        return code.isNumber() && code.asInt() > 0 ? code.asInt() : -1;
    }

    /** What ended a task: its exit code and the engine's reason. */
    static String failure(JsonNode task) {
        JsonNode status = task.path("Status");
        String err = status.path("Err").asText(status.path("Message").asText(""));
        JsonNode code = status.path("ContainerStatus").path("ExitCode");
        return code.isNumber() && code.asInt() > 0 && !err.contains("(" + code.asInt() + ")")
                ? err + " (exit code " + code.asInt() + ")" : err;
    }
}
