package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.net.URI;
import java.time.Duration;

/** Opens a docker-java client on the zerodep transport for a discovered endpoint. */
final class DockerClients {

    // docker-java 3.7 defaults to a newer API than Engine 20.10 serves (1.41), which answers 400.
    static final RemoteApiVersion API = RemoteApiVersion.VERSION_1_41;

    private DockerClients() {
    }

    static DockerClient open(EngineDiscovery.Endpoint endpoint) {
        DefaultDockerClientConfig.Builder builder = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.host()).withApiVersion(API)
                .withDockerConfig(endpoint.configDir().toString())
                .withDockerTlsVerify(endpoint.certPath().isPresent());
        endpoint.certPath().ifPresent(p -> builder.withDockerCertPath(p.toString()));
        DockerClientConfig config = builder.build();
        // No response timeout: it would also cut idle event and log streams.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(endpoint.host()))
                .sslConfig(config.getSSLConfig()).maxConnections(64).connectionTimeout(Duration.ofSeconds(5))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
