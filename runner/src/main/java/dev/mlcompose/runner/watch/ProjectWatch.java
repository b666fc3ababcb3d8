package dev.mlcompose.runner.watch;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.run.Background;
import dev.mlcompose.runner.run.Hooks;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code mlcompose watch}: follows the files of each service's {@code develop.watch} rules and brings the
 * service up to date after each burst of changes, as compose's watch does. Changes are collected until no new
 * one has come for {@link #QUIET} (an editor's save, a {@code git checkout}, a {@code cp -r} are one batch each),
 * then handled by {@link BatchActions}: a rebuild of the service's image and a recreate of its containers, or
 * files synced into each running container, then a restart or the rule's command. A batch that fails is reported
 * and the watch goes on. Each service is watched on its own thread, so a long rebuild of one does not hold up
 * the syncs of another.
 */
public final class ProjectWatch implements AutoCloseable {

    /** compose's quiet period. */
    static final Duration QUIET = Duration.ofMillis(500);

    /** Where a watch says what it does: what it did, what it leaves out, and a batch that failed. */
    public interface Log {
        void info(String message);

        void warning(String message);

        void error(String message);
    }

    /** What a watch does to whole services, through the runner as {@code up} and {@code restart} do it. */
    public interface ServiceEffects {
        /** Builds the service's image and recreates its containers from it. */
        void rebuild(Service service);

        void restart(Service service);
    }

    private final Project project;
    private final Engine engine;
    private final ServiceEffects effects;
    private final Log log;
    private final List<DirectoryWatcher> watchers = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ProjectWatch(Project project, Engine engine, ServiceEffects effects, Log log) {
        this.project = project;
        this.engine = engine;
        this.effects = effects;
        this.log = log;
    }

    /**
     * The services of {@code selected} (all when empty) that have watch rules. A rebuild rule needs a build
     * section; a rule whose path is under one of the service's bind mounts is left out with a warning, as in
     * compose, since the container sees those files already.
     */
    public static List<Service> watched(Project project, Set<String> selected) {
        var out = new ArrayList<Service>();
        for (Service s : project.services().values()) {
            if ((selected.isEmpty() || selected.contains(s.name())) && !s.watch().isEmpty()) {
                if (s.build().isEmpty() && s.watch().stream().anyMatch(r -> r.action() == Service.WatchAction.REBUILD)) {
                    throw new ServiceFailure(s.name(), "service " + s.name()
                            + ": a watch rule with action rebuild needs a build section");
                }
                out.add(s);
            }
        }
        return out;
    }

    /** Starts watching {@code services} (from {@link #watched}); the watch runs until {@link #close()}. */
    public static ProjectWatch start(Project project, List<Service> services, Engine engine, ServiceEffects effects,
                                     Log log) {
        var watch = new ProjectWatch(project, engine, effects, log);
        try {
            for (Service service : services) {
                watch.watch(service);
            }
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        log.info("Watch enabled");
        return watch;
    }

    private void watch(Service service) {
        List<Service.WatchRule> kept = withoutBindMounted(service);
        if (kept.isEmpty()) {
            return;
        }
        var rules = ServiceRules.of(service, kept, service.build().map(b -> Path.of(b.context())));
        for (Path root : rules.roots()) {
            if (!Files.isDirectory(root)) {
                throw new ServiceFailure(service.name(), "service " + service.name() + ": watch path " + root
                        + " does not exist");
            }
        }
        BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        DirectoryWatcher watcher;
        try {
            watcher = DirectoryWatcher.builder().paths(List.copyOf(rules.roots())).fileHashing(false)
                    .listener(event -> changes.addAll(changesOf(rules, event))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the files of service " + service.name() + ": "
                    + e.getMessage(), e);
        }
        watchers.add(watcher);
        var events = Executors.newSingleThreadExecutor(Background.daemon("mlcompose-watch-" + service.name()));
        threads.add(events);
        watcher.watchAsync(events);
        var batches = Executors.newSingleThreadExecutor(Background.daemon("mlcompose-sync-" + service.name()));
        threads.add(batches);
        batches.execute(() -> handle(service, changes));
        initialSync(kept, changes);
    }

    /** {@code initial_sync}: a rule's whole path goes in once when the watch starts. */
    private static void initialSync(List<Service.WatchRule> rules, BlockingQueue<Change> changes) {
        for (Service.WatchRule rule : rules) {
            if (rule.initialSync() && rule.syncs() && rule.target().isPresent()) {
                changes.add(new Change(rule, Path.of(rule.path()), rule.target()));
            }
        }
    }

    private List<Service.WatchRule> withoutBindMounted(Service service) {
        var kept = new ArrayList<Service.WatchRule>();
        for (Service.WatchRule rule : service.watch()) {
            Optional<String> mount = service.volumes().stream().filter(m -> m.type().equals("bind"))
                    .flatMap(m -> m.source().stream()).filter(src -> Path.of(rule.path()).startsWith(Path.of(src)))
                    .findFirst();
            if (mount.isPresent()) {
                log.warning("service " + service.name() + ": " + rule.path() + " is bind mounted from " + mount.get()
                        + ", so it is not watched");
            } else {
                kept.add(rule);
            }
        }
        return kept;
    }

    /**
     * The changes one file event means. A directory's own modification says only that its entries changed,
     * which come as events of their own; an overflow (the kernel dropped events) counts as a change of every
     * watched path.
     */
    private static List<Change> changesOf(ServiceRules rules, DirectoryChangeEvent event) {
        return switch (event.eventType()) {
            case OVERFLOW -> rules.rules().stream().flatMap(r -> rules.changes(Path.of(r.path())).stream())
                    .toList();
            case MODIFY -> event.isDirectory() ? List.of() : rules.changes(event.path());
            default -> rules.changes(event.path());
        };
    }

    /** The service's batches, one after the other, until the watch is closed. */
    private void handle(Service service, BlockingQueue<Change> changes) {
        try {
            while (closed.getCount() > 0) {
                var batch = new LinkedHashSet<Change>();
                batch.add(changes.take());
                for (Change next; (next = changes.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null; ) {
                    batch.add(next);
                }
                try {
                    apply(service, BatchActions.of(batch));
                } catch (RuntimeException e) {
                    log.error("service " + service.name() + ": " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void apply(Service service, BatchActions actions) {
        String name = service.name();
        if (actions.rebuild()) {
            log.info("Rebuilding service \"" + name + "\" after changes were detected...");
            effects.rebuild(service);
            log.info("service \"" + name + "\" successfully built and recreated");
            return;
        }
        var containers = running(name);
        if (!actions.syncs().isEmpty()) {
            log.info("Syncing service \"" + name + "\" after " + actions.syncs().size() + " changes were detected");
            containers.forEach(c -> new FileSync(engine).sync(name, c.id(), actions.syncs()));
        }
        if (actions.restart()) {
            log.info("Restarting service \"" + name + "\" after changes were detected");
            effects.restart(service);
        }
        for (Service.Hook exec : actions.execs()) {
            log.info("Running " + String.join(" ", exec.command()) + " in service \"" + name + "\"");
            containers.forEach(c -> new Hooks(engine).run(service, c.id(), "sync+exec", List.of(exec)));
        }
    }

    /** The service's running containers (not its one-offs). */
    private List<ContainerState> running(String service) {
        return engine.containers(Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, service), false).stream()
                .filter(c -> !"True".equals(c.label(Labels.ONEOFF))).toList();
    }

    /** Blocks until the watch is closed (by another thread, or an interrupt). */
    public void await() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        closed.countDown();
        for (DirectoryWatcher watcher : watchers) {
            try {
                watcher.close();
            } catch (IOException e) {
                // nothing more is watched either way
            }
        }
        threads.forEach(ExecutorService::shutdownNow); // a batch being handled is interrupted
    }
}
