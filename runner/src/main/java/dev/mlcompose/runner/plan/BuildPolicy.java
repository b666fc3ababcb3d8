package dev.mlcompose.runner.plan;

/** When images are built: {@code --build} always, {@code --no-build} never, else when missing. */
public enum BuildPolicy { IF_MISSING, ALWAYS, NEVER }
