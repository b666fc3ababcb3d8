package dev.mlcompose.runner.gpu;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Gives each container distinct GPUs from the inventory. The engine alone would hand every
 * {@code count: N} request the first N GPUs, so two training jobs would collide on GPU 0.
 *
 * <p>The engine is the record of who holds what: every container created with GPUs carries
 * {@link #LABEL}, and a GPU is free when no running container (of any project) holds it. Choosing and
 * creating happen under one lock (in this JVM and, through a lock file, across mlcompose processes on
 * this machine), so two concurrent runs cannot pick the same GPU.
 */
public final class GpuAllocator implements AutoCloseable {

    /** The GPUs a container was given, comma-separated. */
    public static final String LABEL = "dev.mlcompose.gpus";
    /** "cpu" on a GPU service that runs without its GPUs because the engine cannot serve its GPU request. */
    public static final String FALLBACK_LABEL = "dev.mlcompose.gpus.fallback";
    /** Present ("true") when the container may share its GPUs with other sharing containers. */
    public static final String SHARED_LABEL = "dev.mlcompose.gpus.shared";

    /** What to do when the GPUs a container needs are held by others. */
    public enum Policy { FAIL, WAIT }

    private static final ReentrantLock IN_PROCESS = new ReentrantLock();
    private static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "mlcompose-gpus.lock");
    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final Engine engine;
    private final GpuInventory inventory;
    private final Policy policy;
    private final Duration waitLimit;
    private final Set<String> createdHere = ConcurrentHashMap.newKeySet();
    /** Jobs between their attempts: exited, but a retry will start them again on the same GPUs. */
    private final Set<String> heldForRetries = ConcurrentHashMap.newKeySet();
    private final Object released = new Object();
    private Closeable events;

    public GpuAllocator(Engine engine, GpuInventory inventory, Policy policy, Duration waitLimit) {
        this.engine = engine;
        this.inventory = inventory;
        this.policy = policy;
        this.waitLimit = waitLimit;
    }

    /** A container that could not get its GPUs, with who holds them. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * Picks GPUs for one container and calls {@code create} with them (and the labels to set) while no
     * other allocation can run; returns what {@code create} returned. Waits for GPUs to be released under
     * {@link Policy#WAIT}, up to the wait limit.
     */
    public <T> T assign(String container, GpuClaim claim, Function<Assignment, T> create) {
        Instant deadline = Instant.now().plus(waitLimit);
        while (true) {
            Optional<T> created = tryAssign(container, claim, create);
            if (created.isPresent()) {
                return created.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new Unavailable(container + " waited " + waitLimit.toSeconds() + "s for " + claim.describe()
                        + "; " + holders(held()));
            }
            awaitRelease();
        }
    }

    /** The GPUs given to a container, and the labels that record them on it. */
    public record Assignment(List<String> deviceIds, Map<String, String> labels) {
        public Assignment {
            deviceIds = List.copyOf(deviceIds);
            labels = Map.copyOf(labels);
        }
    }

    private <T> Optional<T> tryAssign(String container, GpuClaim claim, Function<Assignment, T> create) {
        IN_PROCESS.lock();
        try (FileChannel file = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var ignored = file.lock()) {
            Map<String, Holder> held = held();
            Optional<List<String>> ids = pick(claim, held);
            if (ids.isEmpty()) {
                if (policy == Policy.FAIL) {
                    throw new Unavailable(container + " needs " + claim.describe() + " of " + inventory.ids().size()
                            + " (" + String.join(",", inventory.ids()) + ", from " + inventory.source() + "); "
                            + holders(held) + ". Use --gpu-policy wait to queue for them.");
                }
                return Optional.empty();
            }
            var labels = new LinkedHashMap<String, String>();
            labels.put(LABEL, String.join(",", ids.get()));
            if (claim.shared()) {
                labels.put(SHARED_LABEL, "true");
            }
            T result = create.apply(new Assignment(ids.get(), labels));
            if (result instanceof String id) {
                createdHere.add(id);
            }
            return Optional.of(result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK_FILE + " to allocate GPUs", e);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /** The GPUs a claim gets given what is held; empty when it must wait. */
    Optional<List<String>> pick(GpuClaim claim, Map<String, Holder> held) {
        var usable = inventory.ids().stream().filter(id -> {
            Holder h = held.get(id);
            return h == null || (claim.shared() && h.shared());
        }).toList();
        if (!claim.deviceIds().isEmpty()) {
            return usable.containsAll(claim.deviceIds()) || !inventory.ids().containsAll(claim.deviceIds())
                    ? Optional.of(claim.deviceIds()) : Optional.empty(); // ids outside the inventory: the engine decides
        }
        int wanted = claim.wantsAll() ? inventory.ids().size() : claim.count();
        if (wanted > inventory.ids().size()) {
            throw new Unavailable("needs " + claim.describe() + " but the inventory has " + inventory.ids().size()
                    + " (" + String.join(",", inventory.ids()) + ", from " + inventory.source() + ")");
        }
        return usable.size() >= wanted ? Optional.of(usable.subList(0, wanted)) : Optional.empty();
    }

    /**
     * Keeps a job's GPUs its own until {@code end} completes, across its retries: between two attempts the container
     * has exited, and another container given its GPUs then would share them with the retry.
     */
    public void holdUntil(String container, CompletionStage<?> end) {
        heldForRetries.add(container);
        end.whenComplete((result, error) -> {
            heldForRetries.remove(container);
            synchronized (released) {
                released.notifyAll();
            }
        });
    }

    /** Who holds a GPU: a container name, and whether it shares. */
    record Holder(String container, boolean shared) {
    }

    /** GPU id to its holder, from the containers that run (or that this allocator created and may yet run). */
    private Map<String, Holder> held() {
        var out = new LinkedHashMap<String, Holder>();
        for (ContainerState c : engine.containers(Map.of(), true)) {
            String gpus = c.label(LABEL);
            boolean live = c.isRunning() || c.status().equals("paused") || heldForRetries.contains(c.id())
                    || (c.status().equals("created") && createdHere.contains(c.id()));
            if (!gpus.isEmpty() && live) {
                boolean shared = c.label(SHARED_LABEL).equals("true");
                Arrays.stream(gpus.split(",")).forEach(id -> out.merge(id, new Holder(c.name(), shared),
                        (a, b) -> new Holder(a.container() + ", " + b.container(), a.shared() && b.shared())));
            }
        }
        return out;
    }

    private String holders(Map<String, Holder> held) {
        List<String> parts = new ArrayList<>();
        held.forEach((id, h) -> {
            if (inventory.ids().contains(id)) {
                parts.add("GPU " + id + " is held by " + h.container());
            }
        });
        return parts.isEmpty() ? "none is held" : String.join(", ", parts);
    }

    /** Sleeps until a container stops (an engine event) or the recheck interval passes. */
    private void awaitRelease() {
        synchronized (released) {
            if (events == null) {
                events = engine.events(Map.of(), event -> {
                    if (Set.of("die", "stop", "destroy", "kill").contains(event.action())) {
                        synchronized (released) {
                            released.notifyAll();
                        }
                    }
                });
            }
            try {
                released.wait(RECHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted while waiting for GPUs");
            }
        }
    }

    @Override
    public void close() {
        synchronized (released) {
            if (events != null) {
                try {
                    events.close();
                } catch (IOException ignored) {
                    // the subscription ends with the client
                }
            }
        }
    }
}
