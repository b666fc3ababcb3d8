package dev.mlcompose.runner.run;

import dev.mlcompose.runner.plan.ImageFetch;
import dev.mlcompose.runner.plan.Plan;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code up --dry-run} shows: the images that would be built or pulled first, then the {@link Plan} over what
 * the engine has now. A container whose image is to be rebuilt is planned against its image as it is: its new ID is
 * not known before the build.
 *
 * @param images image name to what would happen to it, for those not used as they are
 */
public record DryRun(Map<String, ImageFetch> images, Plan plan) {

    public DryRun {
        images = Map.copyOf(images);
    }

    /** One line per image fetched ({@code build image demo-app}), then one per plan step. */
    @Override
    public String toString() {
        var fetches = images.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> switch (e.getValue()) {
                    case BUILD -> "build image " + e.getKey();
                    case PULL -> "pull image " + e.getKey();
                    case PULL_ALWAYS -> "pull image " + e.getKey() + " (pull policy always)";
                    case USE -> "use image " + e.getKey();
                });
        return Stream.concat(fetches, plan.steps().stream().map(Plan.Step::toString))
                .collect(Collectors.joining("\n"));
    }
}
