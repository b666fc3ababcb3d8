package dev.mlcompose.runner.watch;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.spec.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The output of an attached {@code up --watch}: the containers that {@code up} started, and each container of the
 * same services that starts later (a restart or a recreate by the watch), from its start on, until closed. An
 * attached {@code up} alone ends when its containers have exited; with a watch they come back.
 */
public final class LiveLogs implements AutoCloseable {

    private final Engine engine;
    private final Set<String> services;
    private final boolean timestamps;
    private final BiConsumer<String, String> sink;
    private final Map<String, LogStream> streams = new ConcurrentHashMap<>();
    private final Closeable events;

    private LiveLogs(Engine engine, String project, Set<String> services, boolean timestamps,
                     BiConsumer<String, String> sink) {
        this.engine = engine;
        this.services = Set.copyOf(services);
        this.timestamps = timestamps;
        this.sink = sink;
        this.events = engine.events(Map.of(Labels.PROJECT, project), this::on); // before the first follow: no start is missed
    }

    /** Follows {@code started} (service to container ids), then what starts later of the same services. */
    public static LiveLogs follow(Engine engine, String project, Map<String, List<String>> started, boolean timestamps,
                                  BiConsumer<String, String> sink) {
        var logs = new LiveLogs(engine, project, started.keySet(), timestamps, sink);
        started.values().forEach(ids -> ids.forEach(id -> logs.open(id, Optional.empty())));
        return logs;
    }

    private void on(EngineEvent event) {
        if (event.action().equals("start") && services.contains(event.attributes().getOrDefault(Labels.SERVICE, ""))
                && !"True".equals(event.attributes().get(Labels.ONEOFF))) {
            LogStream ended = streams.remove(event.containerId()); // a restarted container's stream ended at its stop
            if (ended != null) {
                ended.awaitEnd(Duration.ofSeconds(1));
                close(ended);
            }
            open(event.containerId(), Optional.of(event.timeNanos() / 1_000_000_000L));
        }
    }

    private void open(String id, Optional<Long> since) {
        try {
            String name = engine.inspect(id).name();
            streams.computeIfAbsent(id, i -> engine.logs(i, new LogOptions(true, Optional.empty(), since,
                    Optional.empty(), timestamps), line -> sink.accept(name, line.text())));
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_FOUND) {
                throw e;
            } // replaced before its output could be followed: its successor's start comes as an event
        }
    }

    @Override
    public void close() {
        close(events);
        streams.values().forEach(LiveLogs::close);
        streams.clear();
    }

    private static void close(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing more is followed either way
        }
    }
}
