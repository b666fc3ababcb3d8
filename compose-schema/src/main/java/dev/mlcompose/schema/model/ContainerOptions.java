package dev.mlcompose.schema.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-container settings of a service that the runner passes to the engine as they are (hostname,
 * privileges, limits, kernel settings). Limits from {@code deploy.resources} are folded in here, so that
 * {@code mem_limit} and {@code deploy.resources.limits.memory} mean one thing.
 */
public record ContainerOptions(Optional<String> hostname, boolean init, boolean privileged, boolean readOnly,
                               boolean tty, boolean stdinOpen, Optional<String> stopSignal, List<String> tmpfs,
                               List<String> capAdd, List<String> capDrop, List<String> dns, List<String> extraHosts,
                               Map<String, String> sysctls, Map<String, Ulimit> ulimits, Optional<String> ipc,
                               Optional<String> pid, Optional<Double> cpus, Optional<ByteSize> memLimit,
                               Optional<ByteSize> memswapLimit, Optional<ByteSize> memReservation,
                               Optional<ByteSize> shmSize, Optional<Long> cpuShares, Optional<String> cpuset,
                               Optional<Long> pidsLimit, Optional<String> logDriver, Map<String, String> logOptions,
                               Optional<String> pullPolicy) {

    public ContainerOptions {
        tmpfs = List.copyOf(tmpfs);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        dns = List.copyOf(dns);
        extraHosts = List.copyOf(extraHosts);
        sysctls = ModelBinder.ordered(sysctls);
        ulimits = ModelBinder.ordered(ulimits);
        logOptions = ModelBinder.ordered(logOptions);
    }

    /** A ulimit; {@code single} values have soft = hard. */
    public record Ulimit(long soft, long hard) {
    }
}
