package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.schema.model.Sweep;
import java.util.List;
import java.util.Optional;

/**
 * One thing a plan does, in the project's terms: a network or volume to make, a service's replica, a dependency to
 * wait for. Each says why
 * (a recreate its reason, a skip its cause); {@link #toString()} is its line in {@link Plan#toString()}.
 */
public sealed interface Operation {

    /** The service it acts for (an await's: the dependant); empty for orphans, which belong to none. */
    String service();

    /** An operation on the project as a whole (its networks, volumes, secrets, orphans), for no one service. */
    sealed interface OfProject extends Operation {
        @Override
        default String service() {
            return "";
        }
    }

    /** Why a container is replaced. */
    enum Reason {
        CONFIG_CHANGED("config changed"), IMAGE_CHANGED("image changed"),
        DEPENDENCY_RECREATED("a dependency was recreated"), FORCED("--force-recreate"),
        DEPENDENCY_FORCED("--always-recreate-deps");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Creates a network of the file that the engine does not have ({@code key}: its name in the file). */
    record CreateNetwork(String key, String name) implements OfProject {
        @Override
        public String toString() {
            return "create network " + name;
        }
    }

    /** Creates a named volume of the file that the engine does not have ({@code key}: its name in the file). */
    record CreateVolume(String key, String name) implements OfProject {
        @Override
        public String toString() {
            return "create volume " + name;
        }
    }

    /** Stops and removes containers of services the file no longer has ({@code --remove-orphans}). */
    record RemoveOrphans(List<ContainerState> containers) implements OfProject {
        public RemoveOrphans {
            containers = List.copyOf(containers);
        }

        @Override
        public String toString() {
            return "remove orphans " + String.join(", ", containers.stream().map(ContainerState::name).toList());
        }
    }

    /** Waits until the dependency's containers reach the condition; for a one-off of the service with {@code oneOff}. */
    record Await(String service, String dependency, Condition condition, boolean required, boolean oneOff)
            implements Operation {
        @Override
        public String toString() {
            return "await " + dependency + " " + condition + " for " + (oneOff ? "a one-off of " : "") + service
                    + (required ? "" : " (optional)");
        }
    }

    /** A replica that does not exist yet; a sweep's with its {@code cell}. */
    record Create(String service, int number, String name, Optional<Sweep.Cell> cell) implements Operation {
        @Override
        public String toString() {
            return "create " + name + cell.map(c -> " [" + c + "]").orElse("");
        }
    }

    /**
     * A replica replaced by a new one of the same number; its anonymous volumes are carried over unless
     * {@code renewVolumes} ({@code -V}).
     */
    record Recreate(String service, int number, String name, ContainerState replaced, Reason reason, boolean renewVolumes,
                    Optional<Sweep.Cell> cell) implements Operation {
        @Override
        public String toString() {
            return "recreate " + replaced.name() + cell.map(c -> " [" + c + "]").orElse("") + " (" + reason
                    + (renewVolumes ? ", new anonymous volumes" : "") + ")";
        }
    }

    /**
     * Waits until a sweep's cell has ended, succeeded or not (after its retries), so that the cell {@code max-parallel}
     * places behind it may start.
     */
    record AwaitEnd(String service, String name, int maxParallel) implements Operation {
        @Override
        public String toString() {
            return "await " + name + " ended (max-parallel " + maxParallel + ")";
        }
    }

    /** Removes a container ({@code why}: "scaled down", or empty for {@code down}); stopped first if it runs. */
    record Remove(String service, ContainerState container, String why) implements Operation {
        @Override
        public String toString() {
            return "remove " + container.name() + (why.isEmpty() ? "" : " (" + why + ")");
        }
    }

    /**
     * Stops a running container, its pre_stop hooks first (with the project's model); what comes after it waits
     * for its processes' exit.
     */
    record Stop(String service, ContainerState container) implements Operation {
        @Override
        public String toString() {
            return "stop " + container.name();
        }
    }

    /** A running replica that stays as it is. */
    record Keep(String service, int number, ContainerState container) implements Operation {
        @Override
        public String toString() {
            return "keep " + container.name() + " (running)";
        }
    }

    /** A job's replica that is not run again: its identical run succeeded ({@code x-mlcompose.cache}). */
    record Skip(String service, int number, ContainerState container, String why) implements Operation {
        @Override
        public String toString() {
            return "skip " + container.name() + " (" + why + ")";
        }
    }

    /**
     * A job's replica (a sweep's cell) that is not run because the run history has its identical success, although
     * its container is gone ({@code down}, a fresh machine with the same state directory).
     */
    record Reuse(String service, int number, String name, Optional<Sweep.Cell> cell, String runId, String why)
            implements Operation {
        @Override
        public String toString() {
            return "skip " + name + cell.map(c -> " [" + c + "]").orElse("") + " (" + why + ")";
        }
    }

    /** The service's pre_start steps, with the volumes of replica {@code number}, before its first start. */
    record PreStart(String service, int number) implements Operation {
        @Override
        public String toString() {
            return "pre_start " + service + " with replica " + number;
        }
    }

    /** Starts a replica: one just created, or the {@code existing} stopped one. */
    record Start(String service, int number, String name, Optional<ContainerState> existing) implements Operation {
        @Override
        public String toString() {
            return "start " + name;
        }
    }
    /** Creates a Swarm secret of the file that the cluster does not have (named by its content's hash). */
    record CreateSecret(String name) implements OfProject {
        @Override
        public String toString() {
            return "create secret " + name;
        }
    }

    /** Creates a Swarm config of the file that the cluster does not have (named by its content's hash). */
    record CreateConfig(String name) implements OfProject {
        @Override
        public String toString() {
            return "create config " + name;
        }
    }

    /** Removes a stack's service that the file no longer has ({@code --remove-orphans}); {@code id}: the service's. */
    record RemoveOrphanService(String name, String id) implements OfProject {
        @Override
        public String toString() {
            return "remove orphan service " + name;
        }
    }

    /** A service of a stack that the cluster does not have yet ({@code name}: the stack's name for it). */
    record CreateService(String service, String name) implements Operation {
        @Override
        public String toString() {
            return "create service " + name;
        }
    }

    /** A stack's service whose spec changed: updated in place (the service {@code id} at {@code version}). */
    record UpdateService(String service, String name, String id, long version) implements Operation {
        @Override
        public String toString() {
            return "update service " + name + " (spec changed)";
        }
    }

    /** A stack's service left as it is: unchanged, or a job whose unchanged run has not ended. */
    record KeepService(String service, String name, String id, String why) implements Operation {
        @Override
        public String toString() {
            return "keep service " + name + " (" + why + ")";
        }
    }

    /** A stack's unchanged job whose last run completed: not run again ({@code x-mlcompose.cache}). */
    record SkipJob(String service, String name, String id) implements Operation {
        @Override
        public String toString() {
            return "skip service " + name + " (unchanged since its last run completed)";
        }
    }

    /** A stack's unchanged job run again: asked for, uncached, or its last run failed. */
    record RerunJob(String service, String name, String id, Why why) implements Operation {

        /** Why an unchanged job runs again. */
        public enum Why {
            ASKED("--rerun"), UNCACHED("cache: false"), LAST_FAILED("its last run failed");

            private final String text;

            Why(String text) {
                this.text = text;
            }

            @Override
            public String toString() {
                return text;
            }
        }

        @Override
        public String toString() {
            return "rerun service " + name + " (" + why + ")";
        }
    }

    /** Waits until a stack's service is up ({@code --wait}): healthy, or a job completed successfully. */
    record AwaitService(String service, String name, Condition condition) implements Operation {
        @Override
        public String toString() {
            return "await " + name + " " + condition;
        }
    }
}
