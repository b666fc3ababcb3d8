package dev.mlcompose.runner.plan;

/** When containers are recreated: {@code --force-recreate}, {@code --no-recreate}, else when changed. */
public enum RecreatePolicy { IF_CHANGED, ALWAYS, NEVER }
