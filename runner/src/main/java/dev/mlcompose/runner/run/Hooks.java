package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Service;
import java.util.List;
import java.util.Optional;

/**
 * {@code post_start} and {@code pre_stop} hooks: commands run in the service's running container, as compose's
 * {@code hook.go} {@code runHook} runs them (an exec with the hook's user, privileges, working directory and
 * environment). A hook that exits non-zero fails with its status and the last lines of its output; the hooks after
 * it do not run.
 */
public final class Hooks {

    static final String POST_START = "post_start";
    static final String PRE_STOP = "pre_stop";

    private final Engine engine;

    public Hooks(Engine engine) {
        this.engine = engine;
    }

    /** Runs {@code hooks} of {@code kind} in turn in container {@code id}; the engine's refusal is the cause. */
    public void run(Service service, String id, String kind, List<Service.Hook> hooks) {
        for (Service.Hook hook : hooks) {
            var tail = new OutputTail();
            int status;
            try {
                status = engine.exec(id, new ExecRequest(hook.command(), hook.environment(), hook.user(),
                        hook.workingDir(), Optional.empty(), Optional.empty(), hook.privileged()), tail);
            } catch (EngineException e) {
                throw new ServiceFailure(service.name(), kind + " hook could not run: " + e.reason(), e);
            }
            if (status != 0) {
                throw new ServiceFailure(service.name(), tail.after(kind + " hook exited with status " + status));
            }
        }
    }

    /** Whether {@code failure} says the container was no longer running (stopped or removed meanwhile). */
    static boolean containerGone(ServiceFailure failure) {
        return failure.getCause() instanceof EngineException e
                && (e.kind() == EngineException.Kind.NOT_FOUND || e.kind() == EngineException.Kind.CONFLICT);
    }
}
