package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.LocalDirectorySSLConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Opens a docker-java client on the zerodep transport for a discovered endpoint. */
final class DockerClients {

    // docker-java 3.7 defaults to a newer API than Engine 20.10 serves (1.41), which answers 400.
    static final RemoteApiVersion API = RemoteApiVersion.VERSION_1_41;

    private DockerClients() {
    }

    static DockerClient open(EngineDiscovery.Endpoint endpoint) {
        // The client's config (it reads the docker config file with a JSON mapper of its own) and the HTTP
        // transport are independent: built at once, they cost the start-up of the slower one.
        CompletableFuture<DockerClientConfig> config = CompletableFuture.supplyAsync(() -> config(endpoint));
        // No response timeout: it would also cut idle event and log streams.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(endpoint.host()))
                .sslConfig(endpoint.certPath().<SSLConfig>map(p -> new LocalDirectorySSLConfig(p.toString()))
                        .orElse(DockerClients::plain))
                .maxConnections(64).connectionTimeout(Duration.ofSeconds(5)).build();
        try {
            return DockerClientImpl.getInstance(config.join(), http);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static DockerClientConfig config(EngineDiscovery.Endpoint endpoint) {
        DefaultDockerClientConfig.Builder builder = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.host()).withApiVersion(API)
                .withDockerConfig(endpoint.configDir().toString())
                .withDockerTlsVerify(endpoint.certPath().isPresent());
        endpoint.certPath().ifPresent(p -> builder.withDockerCertPath(p.toString()));
        return builder.build();
    }

    /**
     * For an endpoint without TLS (a socket, plain TCP): without a context of its own, the transport builds
     * the system default one, which loads the JDK's CA certificates (~40 ms at start-up) for nothing. This one
     * trusts no certificate, so a TLS connection it were ever used for would fail, never pass unchecked.
     */
    private static SSLContext plain() throws NoSuchAlgorithmException, KeyManagementException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[0], null);
        return context;
    }
}
