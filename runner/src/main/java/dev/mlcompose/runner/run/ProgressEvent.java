package dev.mlcompose.runner.run;

/**
 * One thing the runner reached, for the CLI to render: a resource (its kind and name), the status it reached,
 * and an optional detail ("GPU 0", "attempt 1/3 failed: …"), e.g. {@code Container demo-db-1 Healthy}.
 */
public record ProgressEvent(Resource resource, String name, Status status, String detail) {

    /** What the event is about, as compose names it in its progress lines. */
    public enum Resource {
        CONTAINER("Container"), NETWORK("Network"), VOLUME("Volume"), IMAGE("Image");

        private final String text;

        Resource(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** The statuses as compose words them; {@link #working()} ones are under way, the others reached. */
    public enum Status {
        PULLING("Pulling", true), PULLED("Pulled", false), PUSHING("Pushing", true), PUSHED("Pushed", false), BUILDING("Building", true), BUILT("Built", false),
        CREATED("Created", false), RECREATE("Recreate", true), ASSIGNED("Assigned", false),
        STARTED("Started", false), RUNNING("Running", false), HEALTHY("Healthy", false), READY("Ready", false),
        COMPLETED("Completed", false), EXITED("Exited", false), SKIPPED("Skipped", false),
        RETRYING("Retrying", true), COPIED("Copied", false), PAUSED("Paused", false), UNPAUSED("Unpaused", false),
        KILLED("Killed", false), STOPPING("Stopping", true), STOPPED("Stopped", false), REMOVED("Removed", false),
        FAILED("Error", false);

        private final String text;
        private final boolean working;

        Status(String text, boolean working) {
            this.text = text;
            this.working = working;
        }

        public boolean working() {
            return working;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static ProgressEvent container(String name, Status status) {
        return container(name, status, "");
    }

    public static ProgressEvent container(String name, Status status, String detail) {
        return new ProgressEvent(Resource.CONTAINER, name, status, detail);
    }

    public static ProgressEvent image(String name, Status status, String detail) {
        return new ProgressEvent(Resource.IMAGE, name, status, detail);
    }

    public static ProgressEvent network(String name, Status status) {
        return new ProgressEvent(Resource.NETWORK, name, status, "");
    }

    public static ProgressEvent volume(String name, Status status) {
        return new ProgressEvent(Resource.VOLUME, name, status, "");
    }

    /** The plain line's words: {@code Container demo-db-1 Healthy  detail}. */
    @Override
    public String toString() {
        return resource + " " + name + " " + status + (detail.isEmpty() ? "" : "  " + detail);
    }
}
