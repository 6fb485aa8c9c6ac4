package io.vigil.adapters.sim;

import io.vigil.core.device.DeviceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's OPC UA server: Eclipse Milo with one endpoint, {@code opc.tcp://HOST:PORT/vigil}, security None and
 * anonymous login, and the {@link PlantNamespace}. Milo advertises the configured port in its endpoint descriptions,
 * so port 0 is resolved to a free port before the server starts.
 */
final class OpcUaPlantServer implements AutoCloseable {
    static final String PATH = "/vigil";
    private static final Logger log = LoggerFactory.getLogger(OpcUaPlantServer.class);
    private static final long START_TIMEOUT_S = 30;

    private final OpcUaServer server;
    private final PlantNamespace namespace;
    private final String endpointUrl;

    private OpcUaPlantServer(String host, int port, int pumps) {
        this.endpointUrl = "opc.tcp://" + host + ":" + port + PATH;
        this.server = new OpcUaServer(config(host, port), profile -> {
            if (profile != TransportProfile.TCP_UASC_UABINARY) {
                throw new IllegalArgumentException("unsupported transport " + profile);
            }
            return new OpcTcpServerTransport(
                    OpcTcpServerTransportConfig.newBuilder().build());
        });
        this.namespace = new PlantNamespace(server, pumps);
    }

    /** Starts the server on {@code host:port}; port 0 picks a free port. */
    static OpcUaPlantServer start(String host, int port, int pumps) {
        var plant = new OpcUaPlantServer(host, port == 0 ? freePort(host) : port, pumps);
        plant.namespace.startup();
        try {
            plant.server.startup().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            plant.close();
            throw new DeviceException("interrupted while starting the OPC UA simulator at " + plant.endpointUrl);
        } catch (ExecutionException | TimeoutException e) {
            plant.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DeviceException(
                    "OPC UA simulator cannot listen at " + plant.endpointUrl + ": " + cause.getMessage(), cause);
        }
        log.info("OPC UA simulator listening at {} (namespace index {})", plant.endpointUrl, plant.namespace.index());
        return plant;
    }

    String endpointUrl() {
        return endpointUrl;
    }

    int namespaceIndex() {
        return namespace.index();
    }

    void publish(int pump, PumpReading reading, Instant time) {
        namespace.publish(pump, reading, time);
    }

    @Override
    public void close() {
        try {
            server.shutdown().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("OPC UA simulator at {} did not shut down cleanly: {}", endpointUrl, e.toString());
        }
        namespace.shutdown();
    }

    private static OpcUaServerConfig config(String host, int port) {
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(host)
                .setBindPort(port)
                .setHostname(host)
                .setPath(PATH)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        return OpcUaServerConfig.builder()
                .setApplicationUri("urn:io.vigil:simulator")
                .setApplicationName(LocalizedText.english("Vigil plant simulator"))
                .setProductUri("urn:io.vigil:simulator")
                .setEndpoints(Set.of(endpoint))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
    }

    private static int freePort(String host) {
        try (var probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host + " for the OPC UA simulator", e);
        }
    }
}
