package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.run.JobReport;
import dev.mlcompose.runner.run.LogNames;
import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlcompose train}: run the training jobs to completion, then report. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Run the project's training jobs to completion: their dependencies start first (and are waited "
                + "for as in up), the jobs' logs are streamed, failed attempts are retried as x-mlcompose.retry says, "
                + "and a summary follows. Exits with the job's exit code.",
            "Without SERVICE, the jobs marked x-mlcompose: {role: train} run. A job whose image, config and inputs "
                + "are unchanged since a run that exited 0 is skipped (--rerun runs it again)."},
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose -f examples/ml-pipeline.yml train             train, then print the summary",
            "  mlcompose train --then-up                              train, then start the rest (up --wait)",
            "  mlcompose train --gpu-inventory 0,1 --gpu-policy wait  two jobs queue for two GPUs",
            "  mlcompose train --format json | jq '.[0].peakMemoryBytes'"})
final class TrainCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceArguments services;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Compose file(s), also accepted after the command: mlcompose train -f examples/ml-pipeline.yml.")
    List<String> files = new ArrayList<>();

    @Option(names = "--then-up", description = "After the jobs succeed, bring up the rest of the project (up --wait).")
    boolean thenUp;

    @Option(names = "--rerun", description = "Run the jobs even when their previous identical run succeeded.")
    boolean rerun;

    @Option(names = "--build", description = "Build images before starting.")
    boolean build;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", description = "Deadline for waits without their own (GPUs, --then-up).")
    Integer waitTimeout;

    @Option(names = "--no-color", description = "Monochrome output.")
    boolean noColor;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "The summary as text or json (the jobs' logs then go to standard error).")
    Format format;

    /** The values of {@code --format}. */
    enum Format { text, json }

    @Mixin
    GpuArguments gpus = new GpuArguments();

    @Override
    public Integer call() throws Exception {
        if (SwarmCommands.on(root)) {
            SwarmCommands.refuseUnhonoured(root, spec, "--file", "--then-up", "--rerun", "--wait-timeout", "--gpu-policy");
            return SwarmCommands.train(root, files, services.set(), rerun, thenUp,
                    Optional.ofNullable(waitTimeout).map(Duration::ofSeconds), gpus.policy == GpuArguments.Policy.wait);
        }
        try (var session = root.session(files)) {
            Project project = session.project();
            Set<String> jobs = jobs(project, services.set());
            var request = UpRequest.defaults().withServices(jobs).withRerun(rerun)
                    .withGpus(gpus.options(root.invocation().environment()))
                    .withBuildPolicy(build ? BuildPolicy.ALWAYS : BuildPolicy.IF_MISSING)
                    .withWaitTimeout(Optional.ofNullable(waitTimeout).map(Duration::ofSeconds));
            int width = LogNames.width(project, jobs);
            // with --format json, standard output is the summary alone: `train --format json | jq` reads it
            var printer = format == Format.json ? session.logsToStderr(true, !noColor, width)
                    : session.logs(true, !noColor, width);
            var runner = session.runner();
            UpRequest train = request;
            return Interrupts.around(root.invocation(), () -> {
                runner.interrupt(); // nothing more starts, and a job stopped by the user is not retried
                session.lifecycle().stop(project.name(), jobs, ShutdownTimeout.DEFAULT);
            }, () -> session.lifecycle().kill(project.name(), jobs, "SIGKILL"), interrupts -> {
                List<JobReport> reports;
                try (var running = runner.start(project, train)) {
                    reports = running.train(jobs, printer::print);
                }
                var summary = new TrainSummary(project, reports);
                summary(summary);
                int code = summary.exitCode();
                if (code == 0 && thenUp && !interrupts.interrupted()) {
                    // the cells it skips were recorded by this train: the up records only jobs it runs itself
                    runner.withRecording(root.recording().withoutSkips())
                            .up(project, train.withServices(Set.of()).withWaitReady(true));
                }
                return code;
            });
        }
    }

    /** The jobs {@code train} runs: those named, or those marked {@code x-mlcompose.role: train}. */
    static Set<String> jobs(Project project, Set<String> named) {
        if (!named.isEmpty()) {
            for (String name : named) {
                Service service = project.service(name).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                        "no such service: " + name));
                if (!ServiceKinds.isJob(project, service)) {
                    throw new CliException(ExitCodes.USAGE, name + " is not a job: mark it with x-mlcompose: {role: "
                            + "train} (or job), or give it restart: \"no\" and a dependant that waits for "
                            + "service_completed_successfully");
                }
            }
            return named;
        }
        var marked = new LinkedHashSet<String>();
        project.services().values().stream().filter(ServiceKinds::isTraining).forEach(s -> marked.add(s.name()));
        if (marked.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no training job in " + project.name() + ": name one (mlcompose "
                    + "train SERVICE) or mark it with x-mlcompose: {role: train}");
        }
        return marked;
    }

    private void summary(TrainSummary summary) {
        PrintWriter out = root.invocation().out();
        if (format == Format.json) {
            try {
                out.println(new ObjectMapper().writeValueAsString(summary.json()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a report of plain values always serializes", e);
            }
        } else {
            out.print(summary.text(root.style()));
        }
        out.flush();
    }
}
