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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/** Opens a docker-java client on the zerodep transport for a discovered endpoint. */
final class DockerClients {

    /** docker-java's client, and the reads that share its transport but not its model binding. */
    record Connection(DockerClient client, TreeCalls reads) {
    }

    // docker-java 3.7 defaults to a newer API than Engine 20.10 serves (1.41), which answers 400.
    static final RemoteApiVersion API = RemoteApiVersion.VERSION_1_41;

    private DockerClients() {
    }

    static Connection open(EngineDiscovery.Endpoint endpoint) {
        // The client's config (it reads the docker config file with a JSON mapper of its own) and the HTTP
        // transport are independent: built at once, they cost the start-up of the slower one.
        CompletableFuture<DockerClientConfig> config = CompletableFuture.supplyAsync(() -> config(endpoint));
        // No response timeout: it would also cut idle event and log streams.
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(endpoint.host()))
                .sslConfig(sslConfig(endpoint))
                .maxConnections(64).connectionTimeout(Duration.ofSeconds(5)).build();
        try {
            DockerClientConfig joined = config.join();
            return new Connection(DockerClientImpl.getInstance(joined, http),
                    new TreeCalls(http, joined.getObjectMapper(), API.getVersion()));
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
     * TLS material when the endpoint has some (what docker-java's own config would build from it). A local
     * socket never speaks TLS, but the transport builds a TLS strategy around whatever context it has, and a
     * real context costs the JDK's TLS provider start-up (~50 ms) on every run: a socket gets one that cannot
     * be used. Any other endpoint without TLS material gets none: the transport speaks https to a
     * {@code tcp://} host whenever it has a context.
     */
    static SSLConfig sslConfig(EngineDiscovery.Endpoint endpoint) {
        if (endpoint.certPath().isPresent()) {
            return new LocalDirectorySSLConfig(endpoint.certPath().get().toString());
        }
        String scheme = URI.create(endpoint.host()).getScheme();
        return "unix".equals(scheme) || "npipe".equals(scheme) ? UnusableTls::new : null;
    }

    /** A context that refuses every use: for endpoints that never speak TLS. */
    private static final class UnusableTls extends SSLContext {
        UnusableTls() {
            super(new Refusing(), null, "none");
        }
    }

    private static final class Refusing extends SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this engine endpoint does not use TLS");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw refused();
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
