package dev.mlcompose.schema.model;

import java.util.Map;
import java.util.Optional;

/** A top-level named volume, with its driver and the driver's options. */
public record Volume(String key, String name, boolean external, Map<String, String> labels, Optional<String> driver,
                     Map<String, String> driverOpts) implements Resource {

    public Volume {
        labels = ModelBinder.ordered(labels);
        driverOpts = ModelBinder.ordered(driverOpts);
    }
}
