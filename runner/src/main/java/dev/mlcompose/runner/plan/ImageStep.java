package dev.mlcompose.runner.plan;

import java.util.List;

/**
 * What is done about one image before the containers are planned.
 *
 * @param image    the image's name
 * @param maker    the service whose section makes it (builds it, or names the image a failed pull is reported for)
 * @param services the services that run it, each of which gets its ID (none for a pre_start step's image)
 * @param fetch    built, pulled, or used as it is
 */
public record ImageStep(String image, String maker, List<String> services, ImageFetch fetch) {

    public ImageStep {
        services = List.copyOf(services);
    }

    /** Its line in {@code up --dry-run}: {@code build image demo-app}. */
    @Override
    public String toString() {
        return switch (fetch) {
            case BUILD -> "build image " + image;
            case PULL -> "pull image " + image;
            case PULL_ALWAYS -> "pull image " + image + " (pull policy always)";
            case USE -> "use image " + image;
        };
    }
}
