package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.EngineException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds an image with the classic builder: docker-java tars the context itself, honouring
 * {@code .dockerignore}, so BuildKit-only Dockerfile syntax ({@code RUN --mount}) is not available.
 */
final class Builds {

    private static final int KEPT_LINES = 12;

    private Builds() {
    }

    static void build(DockerClient docker, BuildSpec spec, Consumer<String> progress) {
        Output output = new Output(progress);
        try {
            command(docker, spec).exec(output).awaitImageId();
        } catch (DockerClientException e) {
            throw new EngineException(EngineException.Kind.FAILED, "build of " + spec.tag() + " failed: "
                    + DockerErrors.rootMessage(e) + "\nlast output:\n" + String.join("\n", output.last), e);
        }
    }

    private static BuildImageCmd command(DockerClient docker, BuildSpec spec) {
        BuildImageCmd cmd = docker.buildImageCmd().withBaseDirectory(spec.context().toFile())
                .withDockerfile(spec.context().resolve(spec.dockerfile()).toFile())
                .withTags(Set.of(spec.tag())).withLabels(spec.labels()).withPull(spec.options().pullBase())
                .withNoCache(spec.options().noCache()).withRemove(true)
                .withForcerm(true); // a failed build must not leave its intermediate containers behind
        spec.options().memory().ifPresent(cmd::withMemory);
        spec.args().forEach(cmd::withBuildArg);
        spec.target().ifPresent(cmd::withTarget);
        return cmd;
    }

    /** Forwards each output line and keeps the last few for the failure message. */
    private static final class Output extends BuildImageResultCallback {
        private final Consumer<String> progress;
        private final Deque<String> last = new ArrayDeque<>();

        Output(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(BuildResponseItem item) {
            String text = item.getStream() != null ? item.getStream() : item.getError();
            if (text != null) {
                text.lines().filter(l -> !l.isBlank()).forEach(this::line);
            }
            super.onNext(item);
        }

        private synchronized void line(String line) {
            progress.accept(line);
            last.addLast(line);
            if (last.size() > KEPT_LINES) {
                last.removeFirst();
            }
        }
    }
}
