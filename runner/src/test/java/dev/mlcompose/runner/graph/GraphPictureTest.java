package dev.mlcompose.runner.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphPictureTest {

    @TempDir
    Path dir;

    private Project project() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  end: {image: "db:1", healthcheck: {test: [CMD, ok]}}
                  prepare:
                    build: .
                    depends_on: {end: {condition: service_healthy}}
                  serve:
                    image: "serve:1"
                    ports: ["127.0.0.1:8080:80"]
                    depends_on: {prepare: {condition: service_completed_successfully}, end: {condition: service_started}}
                """);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
    }

    @Test
    void dot_is_composes_in_file_order() throws Exception {
        assertThat(GraphPicture.dot(project(), new GraphPicture.Options(true, false, true, "\t"))).isEqualTo("""
                digraph "demo" {
                \tlayout=dot;
                \t"end" [style="filled" label=<<font point-size="15">end</font><font point-size="10"><br/><br/><b>Image:</b><br/>db:1</font>>];
                \t"prepare" [style="filled" label=<<font point-size="15">prepare</font><font point-size="10"><br/><br/><b>Image:</b><br/>demo-prepare</font>>];
                \t"serve" [style="filled" label=<<font point-size="15">serve</font><font point-size="10"><br/><br/><b>Ports:</b><br/>127.0.0.1:8080:80 (tcp, ingress)</font><font point-size="10"><br/><br/><b>Image:</b><br/>serve:1</font>>];

                \t"prepare" -> "end";
                \t"serve" -> "prepare";
                \t"serve" -> "end";
                }
                """);
    }

    @Test
    void mermaid_labels_each_edge_with_its_condition_draws_jobs_round_and_avoids_mermaids_keywords() throws Exception {
        assertThat(GraphPicture.mermaid(project(), new GraphPicture.Options(false, false, false, ""), ServiceKinds::isJob))
                .isEqualTo("""
                        ---
                        title: demo
                        ---
                        flowchart TD
                            s0["<b>end</b>"]
                            s1(["<b>prepare</b>"])
                            s2["<b>serve</b>"]
                            s1 -->|healthy| s0
                            s2 -->|completed| s1
                            s2 -->|started| s0
                        """);
    }
}
