package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** exec, top, images and port on a running project. */
class InspectE2ETest extends EngineScenario {

    @Test
    void exec_top_images_and_port_see_the_running_containers() throws Exception {
        assertThat(mlcompose("interop", "up", "-d", "--wait").exitCode()).isZero();

        var exec = mlcompose("interop", "exec", "-T", "-e", "GREETING=hi", "worker", "sh", "-c", "echo $GREETING from $(hostname); exit 5");
        assertThat(exec.exitCode()).as(exec.err()).isEqualTo(5);
        assertThat(exec.out()).contains("hi from worker");

        assertThat(mlcompose("interop", "top", "web").out()).contains(container("web")).contains("httpd");
        assertThat(mlcompose("interop", "images").out()).containsPattern(container("worker") + " +mlcompose-test/busybox +1 ");

        var port = mlcompose("interop", "port", "web", "8080");
        assertThat(port.out().strip()).matches("127\\.0\\.0\\.1:\\d+");
        String published = Docker.inspect(container("web")).path("NetworkSettings").path("Ports").path("8080/tcp")
                .get(0).path("HostPort").asText();
        assertThat(port.out().strip()).endsWith(":" + published);
    }
}
