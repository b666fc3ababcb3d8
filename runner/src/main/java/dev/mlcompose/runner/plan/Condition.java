package dev.mlcompose.runner.plan;

/** What a dependant waits for before it starts: a {@code depends_on} condition, parsed once. */
public enum Condition {
    STARTED("started"), HEALTHY("healthy"), COMPLETED_SUCCESSFULLY("completed successfully");

    private final String text;

    Condition(String text) {
        this.text = text;
    }

    /** A Compose {@code depends_on.condition}; the loader has validated it, so anything else is "started". */
    public static Condition of(String condition) {
        return switch (condition) {
            case "service_healthy" -> HEALTHY;
            case "service_completed_successfully" -> COMPLETED_SUCCESSFULLY;
            default -> STARTED;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
