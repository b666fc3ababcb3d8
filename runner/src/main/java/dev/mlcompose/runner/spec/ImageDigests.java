package dev.mlcompose.runner.spec;

import java.util.List;
import java.util.Optional;

/**
 * An image reference pinned to the digest its registry gave it ({@code config --resolve-image-digests}), as
 * compose writes it: the name and tag kept, {@code @sha256:…} added ({@code redis:7@sha256:…}).
 */
public final class ImageDigests {

    private ImageDigests() {
    }

    /**
     * {@code image} with the digest of its repository among {@code repoDigests} (the engine's {@code RepoDigests}
     * of the local image: {@code repo@sha256:…}); itself when it has a digest already; empty when the image has
     * none from that repository (built here and never pushed).
     */
    public static Optional<String> pinned(String image, List<String> repoDigests) {
        if (image.contains("@")) {
            return Optional.of(image);
        }
        String repository = repository(image);
        return repoDigests.stream().filter(d -> d.startsWith(repository + "@")).findFirst()
                .map(d -> image + d.substring(d.indexOf('@')));
    }

    /** The name without its tag: a colon after the last slash starts the tag ({@code host:5000/x:1} → {@code host:5000/x}). */
    static String repository(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }
}
