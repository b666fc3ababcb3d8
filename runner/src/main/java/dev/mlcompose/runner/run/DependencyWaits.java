package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.plan.Condition;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The one place where a dependency's condition is waited for ({@code up}, {@code run}, {@code --wait} on
 * jobs): healthy by the service's own health deadline; completed successfully after a job's retries, else when
 * the engine reports exit 0 (its restart policy permitting). Each container's state is reported once,
 * however many dependants wait for it; a failure carries the service's last log lines.
 */
final class DependencyWaits {

    private final Engine engine;
    private final ContainerWatch watch;
    private final ProgressListener progress;
    private final Map<String, JobRun> jobs;
    private final Duration longWait;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    DependencyWaits(Engine engine, ContainerWatch watch, ProgressListener progress, Map<String, JobRun> jobs,
                    Duration longWait) {
        this.engine = engine;
        this.watch = watch;
        this.progress = progress;
        this.jobs = jobs;
        this.longWait = longWait;
    }

    /**
     * Completes when every one of the service's containers {@code ids} has reached {@code condition}; {@code reused}:
     * some of its runs were skipped for their recorded successes, and have no container.
     */
    CompletableFuture<Void> reach(Service service, List<String> ids, Condition condition, boolean reused) {
        return switch (condition) {
            case STARTED -> CompletableFuture.completedFuture(null); // its start has returned
            case HEALTHY -> healthy(service, ids);
            case COMPLETED_SUCCESSFULLY -> completed(service, ids, reused);
        };
    }

    private CompletableFuture<Void> healthy(Service service, List<String> ids) {
        Duration deadline = Conditions.healthDeadline(service);
        return reached(service, ids, Status.HEALTHY, ids.stream().map(id -> watch.await(id, deadline,
                Conditions.healthy(service), st -> "did not become healthy within " + deadline.toSeconds() + "s: "
                        + Conditions.describe(st))));
    }

    /**
     * Completes when every container has completed successfully: a job after its retries. A sweep with
     * {@code sweep-success: any} completes when every cell has ended and one of them succeeded.
     */
    CompletableFuture<Void> completed(Service service, List<String> ids) {
        return completed(service, ids, false);
    }

    private CompletableFuture<Void> completed(Service service, List<String> ids, boolean reused) {
        if (service.ml().sweep().filter(Sweep::anySuccess).isPresent()) {
            return anyCompleted(service, ids, reused);
        }
        return reached(service, ids, Status.COMPLETED, ids.stream().map(id -> completion(service, id)));
    }

    private CompletableFuture<Void> anyCompleted(Service service, List<String> ids, boolean reused) {
        var causes = new ConcurrentLinkedQueue<String>();
        var succeeded = new AtomicBoolean(reused);
        var cells = ids.stream().map(id -> completion(service, id).handle((state, error) -> {
            if (error == null) {
                succeeded.set(true);
                if (reported.add(state.name() + Status.COMPLETED)) {
                    progress.on(ProgressEvent.container(state.name(), Status.COMPLETED));
                }
            } else {
                causes.add(rootMessage(error));
            }
            return null;
        })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(cells).thenRun(() -> {
            if (!succeeded.get()) {
                throw new IllegalStateException("had no cell that succeeded (sweep-success: any): "
                        + String.join("; ", causes));
            }
        });
    }

    /** One container's successful completion, or why it did not complete. */
    private CompletableFuture<ContainerState> completion(Service service, String id) {
        JobRun job = jobs.get(id);
        if (job == null) {
            return watch.await(id, longWait, Conditions.completedSuccessfully(service),
                    st -> "did not complete within " + longWait.toSeconds() + "s: " + Conditions.describe(st));
        }
        return job.completion().thenApply(last -> {
            if (!last.succeeded()) {
                String cell = last.state().label(Labels.CELL);
                throw new IllegalStateException((cell.isEmpty() ? "" : "cell " + cell + " ") + last.cause()
                        + (last.of() > 1 ? " (attempt " + last.number() + " of " + last.of() + ")" : ""));
            }
            return last.state();
        });
    }

    private CompletableFuture<Void> reached(Service service, List<String> ids, Status state,
                                            Stream<CompletableFuture<ContainerState>> waits) {
        var reporting = waits.map(f -> f.thenApply(st -> {
            if (reported.add(st.name() + state)) {
                progress.on(ProgressEvent.container(st.name(), state));
            }
            return st;
        })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(reporting).handle((v, error) -> {
            if (error != null) {
                throw new CompletionException(new IllegalStateException(rootMessage(error) + lastLines(service, ids)));
            }
            return null;
        });
    }

    private String lastLines(Service service, List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        List<String> lines;
        try {
            lines = engine.readLogs(ids.get(0), LogOptions.last(10)).stream().map(l -> l.text()).toList();
        } catch (RuntimeException e) {
            return ""; // the failure itself is what matters; its logs are a bonus
        }
        return lines.isEmpty() ? "" : "; last log lines of " + service.name() + ":\n    " + String.join("\n    ", lines);
    }

    /** The message of what failed, unwrapped from the futures that carried it. */
    static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
