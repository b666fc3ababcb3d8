package dev.mlcompose.runner.lint;

import dev.mlcompose.schema.yaml.Location;

/** One lint finding: which rule, how bad, where, what and how to fix it. */
public record Finding(String ruleId, Severity severity, Location location, String service, String message, String fix) {

    /** Ordered from least to most severe. */
    public enum Severity { INFO, WARNING, ERROR }
}
