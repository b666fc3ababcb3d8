package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.engine.ContainerSpec;
import java.util.List;

/**
 * A spec's resources and devices as the host config's resource fields, as compose's {@code getDeployResources}
 * sets them: zero values left out, {@code OomKillDisable} always sent, swap and pids -1 meaning unlimited.
 */
final class HostResources {

    private HostResources() {
    }

    static void fill(ObjectNode h, ContainerSpec.Resources r, ContainerSpec.Devices d) {
        cpu(h, r.cpu());
        memory(h, r.memory());
        // -1 is meaningful for pids (unlimited), so only 0 means "unset" (compose create.go does the same).
        if (r.pidsLimit() != 0) {
            h.put("PidsLimit", r.pidsLimit());
        }
        r.cgroupParent().ifPresent(p -> h.put("CgroupParent", p));
        if (!r.ulimits().isEmpty()) {
            ArrayNode ulimits = h.putArray("Ulimits");
            r.ulimits().forEach((name, u) -> ulimits.addObject().put("Name", name).put("Soft", u.soft())
                    .put("Hard", u.hard()));
        }
        r.blkio().ifPresent(b -> blkio(h, b));
        devices(h, d);
    }

    private static void cpu(ObjectNode h, ContainerSpec.Cpu c) {
        positive(h, "NanoCpus", c.nanoCpus());
        positive(h, "CpuShares", c.shares());
        c.cpuset().ifPresent(v -> h.put("CpusetCpus", v));
        positive(h, "CpuCount", c.count());
        positive(h, "CpuPercent", c.percent());
        positive(h, "CpuPeriod", c.period());
        positive(h, "CpuQuota", c.quota());
        positive(h, "CpuRealtimePeriod", c.realtimePeriod());
        positive(h, "CpuRealtimeRuntime", c.realtimeRuntime());
    }

    private static void memory(ObjectNode h, ContainerSpec.Memory m) {
        positive(h, "Memory", m.limit());
        if (m.swap() != 0) {
            h.put("MemorySwap", m.swap());
        }
        positive(h, "MemoryReservation", m.reservation());
        m.swappiness().ifPresent(v -> h.put("MemorySwappiness", v));
        h.put("OomKillDisable", m.oomKillDisable());
        if (m.oomScoreAdj() != 0) {
            h.put("OomScoreAdj", m.oomScoreAdj());
        }
        positive(h, "ShmSize", m.shmSize());
    }

    private static void blkio(ObjectNode h, ContainerSpec.Blkio b) {
        if (b.weight() > 0) {
            h.put("BlkioWeight", b.weight());
        }
        throttles(h, "BlkioWeightDevice", "Weight", b.weightDevice());
        throttles(h, "BlkioDeviceReadBps", "Rate", b.readBps());
        throttles(h, "BlkioDeviceWriteBps", "Rate", b.writeBps());
        throttles(h, "BlkioDeviceReadIOps", "Rate", b.readIops());
        throttles(h, "BlkioDeviceWriteIOps", "Rate", b.writeIops());
    }

    private static void throttles(ObjectNode h, String field, String value, List<ContainerSpec.Throttle> throttles) {
        if (!throttles.isEmpty()) {
            ArrayNode array = h.putArray(field);
            throttles.forEach(t -> array.addObject().put("Path", t.path()).put(value, t.value()));
        }
    }

    private static void devices(ObjectNode h, ContainerSpec.Devices d) {
        if (!d.mappings().isEmpty()) {
            ArrayNode devices = h.putArray("Devices");
            d.mappings().forEach(m -> devices.addObject().put("PathOnHost", m.hostPath())
                    .put("PathInContainer", m.containerPath()).put("CgroupPermissions", m.permissions()));
        }
        CreateRequests.putArray(h, "DeviceCgroupRules", d.cgroupRules());
        if (!d.requests().isEmpty()) {
            h.set("DeviceRequests", CreateRequests.requests(d.requests()));
        }
    }

    private static void positive(ObjectNode node, String field, long value) {
        if (value > 0) {
            node.put(field, value);
        }
    }
}
