package dev.mlcompose.schema.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A top-level network, with what the engine's network create takes. */
public record Network(String key, String name, boolean external, Map<String, String> labels, Optional<String> driver,
                      Map<String, String> driverOpts, boolean internal, boolean attachable, Optional<Boolean> enableIpv6,
                      Optional<Ipam> ipam) implements Resource {

    public Network {
        labels = ModelBinder.ordered(labels);
        driverOpts = ModelBinder.ordered(driverOpts);
    }

    /** IP address management: the driver, its pools and options. */
    public record Ipam(Optional<String> driver, List<Pool> pools, Map<String, String> options) {
        public Ipam {
            pools = List.copyOf(pools);
            options = ModelBinder.ordered(options);
        }
    }

    /** One address pool; {@code auxAddresses} are addresses the driver must not hand out. */
    public record Pool(Optional<String> subnet, Optional<String> ipRange, Optional<String> gateway,
                       Map<String, String> auxAddresses) {
        public Pool {
            auxAddresses = ModelBinder.ordered(auxAddresses);
        }
    }
}
