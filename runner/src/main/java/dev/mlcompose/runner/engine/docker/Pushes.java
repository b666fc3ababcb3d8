package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.PushImageCmd;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.mlcompose.runner.engine.EngineException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Pushes an image, forwarding the engine's status lines. The engine reports a failed push inside the stream (the
 * HTTP answer is 200 by then), so the stream's error is what fails it.
 */
final class Pushes {

    private Pushes() {
    }

    static void push(DockerClient d, String image, Consumer<String> progress) {
        var output = new Output(progress);
        Streams.await(() -> command(d, image).exec(output).awaitCompletion());
        if (output.error.get() != null) {
            throw new EngineException(EngineException.Kind.FAILED, "cannot push image " + image + ": " + output.error.get());
        }
    }

    private static PushImageCmd command(DockerClient d, String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? d.pushImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1))
                : d.pushImageCmd(image).withTag("latest"); // without a tag the engine would push every tag
    }

    private static final class Output extends ResultCallback.Adapter<PushResponseItem> {
        private final Consumer<String> progress;
        private final AtomicReference<String> error = new AtomicReference<>();

        Output(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(PushResponseItem item) {
            if (item.isErrorIndicated()) {
                error.compareAndSet(null, item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : String.valueOf(item.getError()));
            } else if (item.getStatus() != null) {
                progress.accept(item.getId() == null ? item.getStatus() : item.getId() + ": " + item.getStatus());
            }
        }
    }
}
