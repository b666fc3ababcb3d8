package dev.mlcompose.runner.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A network to create; the engine is asked to refuse a duplicate name. */
@Buildable
public record NetworkSpec(String name, String driver, Map<String, String> driverOpts, boolean internal,
                          boolean attachable, Optional<Boolean> enableIpv6, Optional<Ipam> ipam,
                          Map<String, String> labels) implements NetworkSpecBuilder.With {

    public NetworkSpec {
        driver = driver == null ? "" : driver; // the engine's default, bridge
    }

    /** IP address management: the driver, its pools and options. */
    public record Ipam(Optional<String> driver, List<Pool> pools, Map<String, String> options) {
        public Ipam {
            pools = List.copyOf(pools);
            options = Map.copyOf(options);
        }
    }

    /** One address pool. */
    public record Pool(Optional<String> subnet, Optional<String> ipRange, Optional<String> gateway,
                       Map<String, String> auxAddresses) {
        public Pool {
            auxAddresses = Map.copyOf(auxAddresses);
        }
    }
}
