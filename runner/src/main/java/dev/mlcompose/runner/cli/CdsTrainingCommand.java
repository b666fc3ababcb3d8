package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.run.Labels;
import dev.mlcompose.schema.config.ConfigPrinter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Hidden: the run the launcher records its class-data-sharing archive from. It loads and prints the
 * project, and asks the engine one harmless question, so that the loader's and the engine client's classes
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
            ConfigPrinter.yaml(session.project(), true);
            try {
                session.engine().containers(Map.of(Labels.PROJECT, "mlcompose-cds-training"), true);
            } catch (RuntimeException noEngine) {
                // without an engine the archive just holds fewer classes
            }
        }
        return ExitCodes.OK;
    }
}
