package dev.mlcompose.schema.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-container settings of a service that the runner passes to the engine, in named parts. Limits from
 * {@code deploy.resources} are folded in here, so that {@code mem_limit} and {@code deploy.resources.limits.memory}
 * mean one thing.
 */
public record ContainerOptions(Process process, Security security, Namespaces namespaces, Limits limits,
                               Networking networking, Storage storage, Devices devices, Logging logging,
                               Map<String, String> sysctls, Map<String, String> annotations,
                               Optional<String> platform, Optional<String> pullPolicy) {

    public ContainerOptions {
        sysctls = ModelBinder.ordered(sysctls);
        annotations = ModelBinder.ordered(annotations);
    }

    /** How the main process runs. */
    public record Process(Optional<String> hostname, Optional<String> domainname, boolean init, boolean tty,
                          boolean stdinOpen, Optional<String> stopSignal, List<String> groupAdd) {
        public Process {
            groupAdd = List.copyOf(groupAdd);
        }
    }

    /** Privileges, confinement and the OCI runtime. */
    public record Security(boolean privileged, boolean readOnly, List<String> capAdd, List<String> capDrop,
                           List<String> securityOpt, Optional<String> runtime, Optional<String> isolation,
                           Map<String, String> credentialSpec) {
        public Security {
            capAdd = List.copyOf(capAdd);
            capDrop = List.copyOf(capDrop);
            securityOpt = List.copyOf(securityOpt);
            credentialSpec = ModelBinder.ordered(credentialSpec);
        }
    }

    /** The kernel namespaces shared or kept private ({@code service:NAME} joins that service's first container). */
    public record Namespaces(Optional<String> ipc, Optional<String> pid, Optional<String> uts, Optional<String> cgroup,
                             Optional<String> userns) {
    }

    /** cgroup limits. */
    public record Limits(Cpu cpu, Memory memory, Optional<Long> pids, Map<String, Ulimit> ulimits, Optional<Blkio> blkio,
                         Optional<String> cgroupParent) {
        public Limits {
            ulimits = ModelBinder.ordered(ulimits);
        }
    }

    /** CPU limits and shares; {@code count} and {@code percent} are Windows-only on the engine. */
    public record Cpu(Optional<Double> cpus, Optional<Long> shares, Optional<String> cpuset, Optional<Long> count,
                      Optional<Double> percent, Optional<Long> period, Optional<Long> quota, Optional<Long> rtPeriod,
                      Optional<Long> rtRuntime) {
    }

    /** Memory limits and the OOM killer's view of the container. */
    public record Memory(Optional<ByteSize> limit, Optional<ByteSize> swapLimit, Optional<ByteSize> reservation,
                         Optional<Long> swappiness, boolean oomKillDisable, Optional<Long> oomScoreAdj,
                         Optional<ByteSize> shmSize) {
    }

    /** A ulimit; {@code single} values have soft = hard. */
    public record Ulimit(long soft, long hard) {
    }

    /** Block IO weights and throttles ({@code rate} in bytes or operations per second). */
    public record Blkio(Optional<Integer> weight, List<Throttle> weightDevice, List<Throttle> readBps,
                        List<Throttle> writeBps, List<Throttle> readIops, List<Throttle> writeIops) {
        public Blkio {
            weightDevice = List.copyOf(weightDevice);
            readBps = List.copyOf(readBps);
            writeBps = List.copyOf(writeBps);
            readIops = List.copyOf(readIops);
            writeIops = List.copyOf(writeIops);
        }
    }

    /** A block device's weight or rate. */
    public record Throttle(String path, long value) {
    }

    /** Name resolution and the legacy links. */
    public record Networking(List<String> dns, List<String> dnsOptions, List<String> dnsSearch, List<String> extraHosts,
                             List<String> expose, List<String> links, List<String> externalLinks,
                             Optional<String> macAddress) {
        public Networking {
            dns = List.copyOf(dns);
            dnsOptions = List.copyOf(dnsOptions);
            dnsSearch = List.copyOf(dnsSearch);
            extraHosts = List.copyOf(extraHosts);
            expose = List.copyOf(expose);
            links = List.copyOf(links);
            externalLinks = List.copyOf(externalLinks);
        }
    }

    /** File systems beyond {@code volumes}: tmpfs mounts, the storage driver's options, volumes of others. */
    public record Storage(List<String> tmpfs, Map<String, String> storageOpt, List<String> volumesFrom,
                          Optional<String> volumeDriver) {
        public Storage {
            tmpfs = List.copyOf(tmpfs);
            storageOpt = ModelBinder.ordered(storageOpt);
            volumesFrom = List.copyOf(volumesFrom);
        }
    }

    /** Host devices mapped in, and device cgroup rules. */
    public record Devices(List<DeviceMapping> mappings, List<String> cgroupRules) {
        public Devices {
            mappings = List.copyOf(mappings);
            cgroupRules = List.copyOf(cgroupRules);
        }
    }

    /**
     * A host device; {@code source} may also be a CDI name ({@code vendor/class=name}), which compose passes as a
     * CDI device request.
     */
    public record DeviceMapping(String source, String target, String permissions) {
    }

    /** The log driver and its options. */
    public record Logging(Optional<String> driver, Map<String, String> options) {
        public Logging {
            options = ModelBinder.ordered(options);
        }
    }
}
