package dev.mlcompose.runner.run;

import dev.mlcompose.runner.plan.ImageStep;
import dev.mlcompose.runner.plan.Plan;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@code up --dry-run} shows: the images that would be built or pulled first, then the {@link Plan} over what
 * the engine has now. A container whose image is to be rebuilt is planned against its image as it is: its new ID is
 * not known before the build.
 *
 * @param images the images that would be built or pulled (not those used as they are), by name
 */
public record DryRun(List<ImageStep> images, Plan plan) {

    public DryRun {
        images = images.stream().sorted(Comparator.comparing(ImageStep::image)).toList();
    }

    /** One line per image fetched ({@code build image demo-app}), then one per plan step. */
    @Override
    public String toString() {
        return Stream.concat(images.stream().map(ImageStep::toString), plan.steps().stream().map(Plan.Step::toString))
                .collect(Collectors.joining("\n"));
    }
}
