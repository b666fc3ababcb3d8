package dev.mlcompose.runner.engine;

/**
 * One sample of a container's resource use, as the docker CLI's {@code stats} reads it: CPU time used and
 * system CPU time passed since the engine's previous sample (nanoseconds) on {@code onlineCpus} CPUs, memory in
 * use without the page cache and its limit, bytes received and sent on all networks, bytes read and written to
 * block devices, and the number of processes.
 */
public record ContainerStats(long cpuDelta, long systemDelta, int onlineCpus, long memoryUsage, long memoryLimit,
                             long networkReceived, long networkSent, long blockRead, long blockWritten, long pids) {

    /** The CPU share as the docker CLI computes it: of one CPU, times the CPUs (200% is two CPUs busy). */
    public double cpuPercent() {
        return systemDelta > 0 && cpuDelta > 0 ? (double) cpuDelta / systemDelta * onlineCpus * 100.0 : 0.0;
    }

    public double memoryPercent() {
        return memoryLimit > 0 ? (double) memoryUsage / memoryLimit * 100.0 : 0.0;
    }
}
