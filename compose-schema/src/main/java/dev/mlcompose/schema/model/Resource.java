package dev.mlcompose.schema.model;

import java.util.Map;

/** What every top-level network, volume, secret and config has: its key, the engine-side name compose gives it. */
public interface Resource {

    String key();

    String name();

    boolean external();

    Map<String, String> labels();
}
