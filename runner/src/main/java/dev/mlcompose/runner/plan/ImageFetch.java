package dev.mlcompose.runner.plan;

/** What {@code up} does about a service's image before its containers are planned. */
public enum ImageFetch {
    /** The engine has it and nothing asks for a new one. */
    USE,
    /** Built from the service's build section: {@code --build}, {@code pull_policy: build}, or missing. */
    BUILD,
    /** Missing, so pulled. */
    PULL,
    /** Pulled even when present ({@code pull_policy: always}); a failed pull falls back to a build when there is one. */
    PULL_ALWAYS
}
