package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;

import java.util.function.Consumer;

/** Pulls an image, forwarding the engine's status lines. */
final class Pulls {

    private Pulls() {
    }

    static void pull(DockerClient d, String image, Consumer<String> progress) {
        Streams.await(() -> command(d, image).exec(new Output(progress)).awaitCompletion());
    }

    private static PullImageCmd command(DockerClient d, String image) {
        int colon = image.lastIndexOf(':');
        if (image.contains("@")) {
            return d.pullImageCmd(image);
        }
        if (colon > image.lastIndexOf('/')) {
            return d.pullImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1));
        }
        // Without a tag the engine would pull every tag of the repository.
        return d.pullImageCmd(image).withTag("latest");
    }

    /** Forwards status lines such as "abc123: Downloading". */
    private static final class Output extends PullImageResultCallback {
        private final Consumer<String> progress;

        Output(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void onNext(PullResponseItem item) {
            if (item.getStatus() != null) {
                progress.accept(item.getId() == null ? item.getStatus() : item.getId() + ": " + item.getStatus());
            }
            super.onNext(item);
        }
    }
}
