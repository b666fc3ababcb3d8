package dev.mlcompose.runner.cli;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns failures into messages and exit codes: one clear line per problem, and a
 * stack trace only with {@code --debug}. As a last guard, running out of stack or memory is one line too:
 * exit 3 while the files are loaded (the YAML limits should have refused them first), else 1.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    private final MlCompose root;

    ErrorReporter(MlCompose root) {
        this.root = root;
    }

    /** Loads the project, so that a loader that runs out of stack or memory is reported as the files' fault. */
    static Project load(LoadRequest request) {
        try {
            return ComposeLoader.load(request);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new LoadExhausted(e);
        }
    }

    /** The loader ran out of stack or memory: the files nest or expand further than it can follow. */
    private static final class LoadExhausted extends RuntimeException {
        LoadExhausted(VirtualMachineError cause) {
            super("loading the Compose files ran out of " + resource(cause) + " (" + cause.getClass().getSimpleName()
                    + "): they nest or expand further than mlcompose can follow (limits: docs/loading.md)", cause);
        }
    }

    /** Out of stack or memory outside loading, which picocli lets through: one line and exit 1. */
    static int exhausted(VirtualMachineError e, PrintWriter err, boolean debug) {
        err.println("error: mlcompose ran out of " + resource(e) + " (" + e.getClass().getSimpleName() + ")"
                + (debug ? "" : "; run with --debug for the stack trace"));
        if (debug) {
            e.printStackTrace(err);
        }
        return ExitCodes.FAILURE;
    }

    private static String resource(VirtualMachineError e) {
        return e instanceof StackOverflowError ? "stack" : "memory";
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        var err = cmd.getErr();
        if (e instanceof InvalidProjectException invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(root.style().error("error: ") + problem);
            }
            int n = invalid.problems().size();
            if (n > 1) {
                err.println(n + " problems found.");
            }
            debug(e, cmd);
            return ExitCodes.INVALID_CONFIG;
        }
        if (e instanceof dev.mlcompose.runner.spec.ServiceFailure failure) {
            // the checks before anything is created report several problems, each naming its service
            var lines = failure.getMessage().lines().toList();
            if (lines.stream().allMatch(l -> l.startsWith("service"))) {
                lines.forEach(line -> err.println(root.style().error("error: ") + line));
                if (lines.size() > 1) {
                    err.println(lines.size() + " problems found.");
                }
            } else {
                err.println(root.style().error("error: ") + "service " + failure.service() + ": " + failure.getMessage());
            }
            debug(e, cmd);
            return ExitCodes.FAILURE;
        }
        if (e instanceof dev.mlcompose.runner.swarm.StackFailed failed) {
            err.println(root.style().error("error: ") + failed.getMessage());
            debug(e, cmd);
            return ExitCodes.FAILURE;
        }
        if (e instanceof dev.mlcompose.runner.plan.PlanRefused refused) {
            refused.problems().forEach(problem -> err.println(root.style().error("error: ") + problem));
            debug(e, cmd);
            return ExitCodes.FAILURE;
        }
        if (e instanceof dev.mlcompose.runner.engine.EngineException engine) {
            err.println(root.style().error("error: ") + engine.getMessage());
            debug(e, cmd);
            return switch (engine.kind()) {
                case UNAVAILABLE, SILENT -> ExitCodes.NO_ENGINE;
                default -> ExitCodes.FAILURE;
            };
        }
        if (e instanceof LoadExhausted) {
            err.println(root.style().error("error: ") + e.getMessage());
            debug(e, cmd);
            return ExitCodes.INVALID_CONFIG;
        }
        if (e instanceof CliException cli) {
            err.println(root.style().error("error: ") + cli.getMessage());
            debug(e, cmd);
            return cli.exitCode();
        }
        err.println(root.style().error("error: ") + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        if (!root.options().debug) {
            err.println("(run with --debug for the stack trace)");
        }
        debug(e, cmd);
        return ExitCodes.FAILURE;
    }

    private void debug(Exception e, CommandLine cmd) {
        if (root.options().debug) {
            e.printStackTrace(cmd.getErr());
        }
    }
}
