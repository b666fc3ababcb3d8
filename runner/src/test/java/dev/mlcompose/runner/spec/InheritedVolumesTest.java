package dev.mlcompose.runner.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.MountPoint;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a recreated container takes over from its predecessor's mounts: compose's create.go buildContainerMountOptions. */
class InheritedVolumesTest {

    private static final String ANON_DATA = "a".repeat(64);
    private static final String ANON_CACHE = "c".repeat(64);

    @TempDir
    Path dir;

    private Project project(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    private static MountPoint volume(String name, String destination) {
        return new MountPoint("volume", name, "/var/lib/docker/volumes/" + name + "/_data", destination, true);
    }

    @Test
    void an_anonymous_service_volume_and_an_image_volume_are_carried_over_by_name() throws IOException {
        var service = project("services:\n  app:\n    image: app\n    volumes: [/data]\n").service("app").orElseThrow();

        var inherited = InheritedVolumes.of(service, Set.of("/cache"),
                List.of(volume(ANON_DATA, "/data"), volume(ANON_CACHE, "/cache/")));

        assertThat(inherited).containsExactly(Map.entry("/data", Mount.of("volume", ANON_DATA, "/data", false)),
                Map.entry("/cache", Mount.of("volume", ANON_CACHE, "/cache", false)));
    }

    @Test
    void named_volumes_binds_tmpfs_and_paths_no_longer_anonymous_are_not_carried_over() throws IOException {
        var service = project("""
                services:
                  app:
                    image: app
                    volumes: [models:/models, ./conf:/conf, /scratch]
                    tmpfs: [/tmp]
                volumes:
                  models: {}
                """).service("app").orElseThrow();

        var inherited = InheritedVolumes.of(service, Set.of(), List.of(volume("demo_models", "/models"),
                new MountPoint("bind", "", dir.resolve("conf").toString(), "/conf", true),
                new MountPoint("tmpfs", "", "", "/scratch", true), volume(ANON_DATA, "/data")));

        assertThat(inherited).as("/data is gone from the file; /scratch was a tmpfs").isEmpty();
    }

    @Test
    void the_replacement_mounts_the_inherited_volume_in_place_of_a_fresh_one_and_keeps_the_rest() throws IOException {
        var project = project("""
                services:
                  app:
                    image: app
                    volumes: [/data, models:/models]
                volumes:
                  models: {}
                """);
        var service = project.service("app").orElseThrow();
        var inherited = InheritedVolumes.of(service, Set.of("/models"),
                List.of(new MountPoint("volume", ANON_DATA, "", "/data", false), volume("demo_models", "/models")));

        var mounts = ServiceMounts.of(project, service, inherited).mounts();

        assertThat(mounts).extracting(Mount::type, Mount::source, Mount::target, Mount::readOnly).containsExactly(
                org.assertj.core.groups.Tuple.tuple("volume", ANON_DATA, "/data", true),
                org.assertj.core.groups.Tuple.tuple("volume", "demo_models", "/models", false));
        assertThat(ServiceMounts.of(project, service).mounts()).as("a first container: an anonymous /data")
                .extracting(Mount::source).containsExactly("", "demo_models");
    }
}
