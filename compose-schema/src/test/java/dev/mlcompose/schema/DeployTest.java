package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.model.Deploy;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator's part of {@code deploy}, typed as a Swarm reads it. */
class DeployTest {

    @TempDir
    Path dir;

    @Test
    void every_swarm_key_of_deploy_is_typed() throws IOException {
        Project p = ComposeFiles.load(dir, """
                services:
                  db:
                    image: db
                    ports: [{target: 80, published: "8080", mode: host}]
                    deploy:
                      mode: replicated-job
                      endpoint_mode: dnsrr
                      labels: [owner=ml]
                      resources:
                        reservations:
                          generic_resources:
                            - discrete_resource_spec: {kind: gpu, value: 2}
                      restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 1m}
                      placement:
                        constraints: [node.role == worker]
                        preferences: [{spread: node.labels.zone}]
                        max_replicas_per_node: 1
                      update_config: {parallelism: 2, delay: 1s, failure_action: rollback, monitor: 5s,
                                      max_failure_ratio: 0.5, order: start-first}
                      rollback_config: {order: stop-first}
                """);
        var service = p.service("db").orElseThrow();
        Deploy d = service.deploy();

        assertThat(d.mode()).contains(Deploy.Mode.REPLICATED_JOB);
        assertThat(d.mode().orElseThrow().isJob()).isTrue();
        assertThat(d.endpointMode()).contains("dnsrr");
        assertThat(d.labels()).isEqualTo(Map.of("owner", "ml"));
        assertThat(d.genericResources()).containsExactly(new Deploy.GenericResource("gpu", 2));
        assertThat(d.restartPolicy()).contains(new Deploy.RestartPolicy(Optional.of("on-failure"),
                Optional.of(Duration.ofSeconds(2)), Optional.of(3), Optional.of(Duration.ofMinutes(1))));
        assertThat(d.placement()).isEqualTo(new Deploy.Placement(List.of("node.role == worker"),
                List.of("node.labels.zone"), Optional.of(1)));
        assertThat(d.update()).contains(new Deploy.UpdatePolicy(Optional.of(2), Optional.of(Duration.ofSeconds(1)),
                Optional.of("rollback"), Optional.of(Duration.ofSeconds(5)), Optional.of(0.5), Optional.of("start-first")));
        assertThat(d.rollback().orElseThrow().order()).contains("stop-first");
        assertThat(service.ports().get(0).mode()).contains("host");
        // the one-engine view of the same block is unchanged: restart_policy still folds into restart
        assertThat(service.restart()).contains("on-failure:3");
    }

    @Test
    void a_service_without_deploy_has_none() throws IOException {
        Project p = ComposeFiles.load(dir, "services:\n  a: {image: a}\n");
        assertThat(p.service("a").orElseThrow().deploy()).isEqualTo(Deploy.NONE);
    }
}
