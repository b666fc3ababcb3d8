package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.DockerException;
import dev.mlcompose.runner.engine.EngineException.Kind;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {

    private final DockerErrors errors = new DockerErrors("unix:///var/run/docker.sock (system socket)");

    @Test
    void a_network_name_two_runs_created_at_once_is_asked_again_a_taken_container_name_is_not() {
        var ambiguous = errors.translate("start container c1", new DockerException("Status 400: {\"message\":"
                + "\"network demo_default is ambiguous (2 matches found on name)\"}", 400));
        var taken = errors.translate("create container demo-db-1", new DockerException("Status 409: {\"message\":"
                + "\"Conflict. The container name \\\"/demo-db-1\\\" is already in use by container \\\"f7ed\\\".\"}", 409));

        assertThat(ambiguous.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(ambiguous).hasMessage("start container c1: network demo_default is ambiguous (2 matches found on name)");
        assertThat(taken.kind()).isEqualTo(Kind.CONFLICT);
    }
}
