package dev.mlcompose.runner.engine;

import java.util.List;

/** A container the engine created, with the warnings it gave (settings it discarded, for one). */
public record CreatedContainer(String id, List<String> warnings) {

    public CreatedContainer {
        warnings = List.copyOf(warnings);
    }
}
