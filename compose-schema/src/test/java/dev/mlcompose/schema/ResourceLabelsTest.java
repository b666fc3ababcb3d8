package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels of networks, volumes, secrets and configs, and a network's ipam.options. */
class ResourceLabelsTest {

    @TempDir
    Path dir;

    private Project load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u")));
    }

    @Test
    void labels_in_list_form_are_a_mapping_of_strings_that_reaches_the_engine() throws IOException {
        Files.writeString(dir.resolve("token.txt"), "t");
        Project p = load("""
                services:
                  s: {image: s, networks: [search], volumes: ["data:/d"], secrets: [token]}
                networks:
                  search:
                    labels: [stack=rag, flag, query=a=b]
                volumes:
                  data:
                    labels: {replicas: 3, enabled: true}
                secrets:
                  token: {file: ./token.txt, labels: [rotate=90d]}
                """);
        assertThat(p.networks().get("search").labels())
                .isEqualTo(Map.of("stack", "rag", "flag", "", "query", "a=b"));
        assertThat(p.volumes().get("data").labels()).isEqualTo(Map.of("replicas", "3", "enabled", "true"));
        assertThat(p.secrets().get("token").labels()).isEqualTo(Map.of("rotate", "90d"));
    }

    @Test
    void list_labels_of_two_files_merge_by_key() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "services:\n  s: {image: s, networks: [n]}\nnetworks:\n  n:\n"
                + "    labels: [a=1, b=1]\n");
        Files.writeString(dir.resolve("b.yaml"), "networks:\n  n:\n    labels: [b=2]\n");
        Project p = ComposeLoader.load(LoadRequest.of(dir, Map.of(), "a.yaml", "b.yaml"));
        assertThat(p.networks().get("n").labels()).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void ipam_options_are_kept() throws IOException {
        Project p = load("""
                services:
                  s: {image: s}
                networks:
                  default:
                    ipam:
                      driver: default
                      options: {com.example.mode: static}
                """);
        assertThat(ConfigPrinter.json(p, true)).contains("\"options\": {\n          \"com.example.mode\": \"static\"");
    }
}
