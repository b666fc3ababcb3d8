package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.validate.SchemaValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Hidden: the run the launcher records its class-data-sharing archive from. It loads, validates and prints
 * the project, and asks the engine one harmless question, so that the loader's and the engine client's classes
 * both land in the archive (the engine client alone costs ~0.5 s of class loading per run otherwise).
 */
@Command(name = "cds-training", hidden = true)
final class CdsTrainingCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Override
    public Integer call() {
        try (var session = root.session()) {
            ConfigPrinter.json(session.project(), true);
            // the validator's classes, even when the loader took this file's pass from the cache
            SchemaValidator.withoutMemory(SchemaValidator.RESOURCE).validate(session.project().document());
            ConfigPrinter.yaml(session.project(), true);
            var engine = session.engine();
            String none = "mlcompose-cds-training-none";
            // the calls of ps, up and down; on a container that does not exist each one is a quick "not found"
            for (Runnable question : List.<Runnable>of(
                    () -> engine.containers(Map.of(Labels.PROJECT, none), true),
                    () -> engine.networks(Map.of(Labels.PROJECT, none)),
                    () -> engine.volumes(Map.of(Labels.PROJECT, none)),
                    () -> engine.inspect(none),
                    () -> engine.stop(none, Duration.ofSeconds(1)),
                    () -> engine.remove(none, true))) {
                try {
                    question.run();
                } catch (RuntimeException expected) {
                    // "no such container", or no engine: the archive then just holds fewer classes
                }
            }
        }
        return ExitCodes.OK;
    }
}
