package dev.mlcompose.runner.run;

import dev.mlcompose.runner.history.RunRecord.JobRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The records of this run's jobs as they are made (each on the history's thread, so a future), by container ID, or
 * by a reuse key for a job reused without a container, each with its service: what the summary and
 * {@code inputs-from} ask for.
 */
final class RecordedJobs {

    private final Map<String, CompletableFuture<JobRecord>> records = new ConcurrentHashMap<>();
    private final Map<String, String> services = new ConcurrentHashMap<>();

    void put(String containerId, String service, CompletableFuture<JobRecord> record) {
        services.put(containerId, service);
        records.put(containerId, record);
    }

    /** A job's cell reused from an earlier run, without a container here. */
    void putReused(String service, Map<String, String> cell, CompletableFuture<JobRecord> record) {
        put("reused:" + service + ":" + cell, service, record);
    }

    /** The record of a job, once it is written; a failed future for a container that is no job of this run. */
    CompletableFuture<JobRecord> of(String containerId) {
        return records.getOrDefault(containerId, CompletableFuture.failedFuture(
                new IllegalStateException("no job " + containerId + " in this run")));
    }

    /** The records of the jobs of {@code service} that this run reused without a container. */
    List<JobRecord> reusedOf(String service) {
        return records.entrySet().stream().filter(e -> e.getKey().startsWith("reused:" + service + ":"))
                .map(e -> e.getValue().join()).toList();
    }

    /** Every record of {@code service}'s jobs, once written; null for one that could not be made. */
    List<JobRecord> ofService(String service) {
        return records.entrySet().stream().filter(e -> service.equals(services.get(e.getKey())))
                .map(e -> e.getValue().handle((r, error) -> r).join()).toList();
    }

    /** {@code old}, where it is a record already made, stands replaced by {@code updated}. */
    void replace(JobRecord old, JobRecord updated) {
        records.replaceAll((k, v) -> v.getNow(null) == old ? CompletableFuture.completedFuture(updated) : v);
    }
}
