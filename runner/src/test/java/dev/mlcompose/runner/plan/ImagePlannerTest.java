package dev.mlcompose.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens to each image before the containers are planned: built, pulled, used, or refused. */
class ImagePlannerTest {

    private static final String ML = """
            services:
              train: {image: "ml:1", build: ., pre_start: [{image: tools, command: [fetch]}]}
              serve: {image: "ml:1", depends_on: [train]}
              db: {image: postgres}
              cache: {image: redis, pull_policy: always}
            """;

    @TempDir
    Path dir;

    @Test
    void each_image_once_made_by_the_service_that_can_build_it_and_a_step_image_pulled_when_missing()
            throws IOException {
        var project = project(ML);

        var plan = ImagePlanner.plan(project, project.services().keySet(), Set.of("postgres"), BuildPolicy.IF_MISSING,
                PullPolicy.POLICY);

        assertThat(text(plan)).isEqualTo("""
                build image ml:1 for serve, train
                use image postgres for db
                pull image redis (pull policy always) for cache
                pull image tools""");
        assertThat(plan.steps()).filteredOn(s -> s.image().equals("ml:1")).singleElement()
                .extracting(ImageStep::maker).isEqualTo("train");
        assertThat(plan.refusals()).isEmpty();
        assertThat(ImagePlanner.images(project, project.services().keySet()))
                .containsExactlyInAnyOrder("ml:1", "postgres", "redis", "tools");
    }

    @Test
    void build_always_rebuilds_a_present_image_and_the_pull_flag_overrides_each_services_policy() throws IOException {
        var project = project(ML);
        Set<String> present = Set.of("ml:1", "postgres", "redis", "tools");

        assertThat(text(ImagePlanner.plan(project, project.services().keySet(), present, BuildPolicy.ALWAYS,
                PullPolicy.MISSING))).isEqualTo("""
                build image ml:1 for serve, train
                use image postgres for db
                use image redis for cache""");
        assertThat(text(ImagePlanner.plan(project, Set.of("db"), present, BuildPolicy.IF_MISSING, PullPolicy.ALWAYS)))
                .isEqualTo("pull image postgres (pull policy always) for db");
    }

    @Test
    void missing_images_that_may_be_neither_built_nor_pulled_are_refused_together_before_anything_is_fetched()
            throws IOException {
        var project = project(ML);

        var plan = ImagePlanner.plan(project, project.services().keySet(), Set.of("redis"), BuildPolicy.NEVER,
                PullPolicy.NEVER);

        assertThat(plan.refusals()).extracting(ImagePlanner.Refusal::toString).containsExactly(
                "service train: image ml:1 is missing and --no-build was given",
                "service db: image postgres is missing and the pull policy is never (pull or load it first, or use"
                        + " --pull missing)");
        assertThat(text(plan)).isEqualTo("use image redis for cache\npull image tools");
    }

    private static String text(ImagePlanner.ImagePlan plan) {
        return plan.steps().stream().map(s -> s + (s.services().isEmpty() ? ""
                : " for " + s.services().stream().sorted().collect(Collectors.joining(", "))))
                .collect(Collectors.joining("\n"));
    }

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }
}
