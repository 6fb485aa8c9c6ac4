package io.vigil.adapters.sim;

import io.vigil.core.device.DeviceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * An Eclipse Milo server with many changing variables, for load tests and benchmarks of subscriptions: variable
 * {@code i} is {@code ns=N;s=v.i} ({@link #nodeId}), a Double whose value counts its own updates (0, 1, 2, ...), so a
 * subscriber can tell a lost change from a gap in the numbers. Every variable is updated once per {@code period}, in
 * slices every 10 ms spread over the period, so the update load is even. The server's {@code MaxMonitoredItemsPerCall}
 * operation limit is configurable, to check that clients respect it. Security None, anonymous, loopback.
 */
public final class OpcUaLoadServer implements AutoCloseable {
    private static final String PATH = "/load";
    private static final String URI = "urn:io.vigil:simulator:load";
    private static final long SLICE_MS = 10;
    private static final long START_TIMEOUT_S = 60;

    private final OpcUaServer server;
    private final LoadNamespace namespace;
    private final String endpointUrl;
    private final int variables;
    private final ScheduledExecutorService ticker;
    private final AtomicLong updates = new AtomicLong();
    private long[] counts;
    private int cursor;

    private OpcUaLoadServer(int port, int variables, int maxMonitoredItemsPerCall) {
        this.variables = variables;
        this.endpointUrl = "opc.tcp://127.0.0.1:" + port + PATH;
        this.server = new OpcUaServer(
                config(port, maxMonitoredItemsPerCall),
                profile -> new OpcTcpServerTransport(
                        OpcTcpServerTransportConfig.newBuilder().build()));
        this.namespace = new LoadNamespace(server, variables);
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "opcua-load-tick");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a server on a free loopback port with {@code variables} Double variables, each updated once per
     * {@code period}, and the given {@code MaxMonitoredItemsPerCall}.
     */
    public static OpcUaLoadServer start(int variables, Duration period, int maxMonitoredItemsPerCall) {
        if (variables < 1 || variables > 1_000_000) {
            throw new IllegalArgumentException("variables " + variables + " must be 1..1000000");
        }
        if (period.toMillis() < SLICE_MS) {
            throw new IllegalArgumentException("period " + period + " must be at least " + SLICE_MS + " ms");
        }
        if (maxMonitoredItemsPerCall < 1) {
            throw new IllegalArgumentException(
                    "maxMonitoredItemsPerCall " + maxMonitoredItemsPerCall + " must be >= 1");
        }
        var load = new OpcUaLoadServer(freePort(), variables, maxMonitoredItemsPerCall);
        load.namespace.startup();
        try {
            load.server.startup().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            load.close();
            throw new DeviceException("interrupted while starting the OPC UA load server");
        } catch (ExecutionException | TimeoutException e) {
            load.close();
            throw new DeviceException("OPC UA load server cannot listen at " + load.endpointUrl + ": " + e, e);
        }
        load.counts = new long[variables];
        long slices = Math.max(1, period.toMillis() / SLICE_MS);
        int perSlice = (int) Math.ceil(variables / (double) slices);
        load.ticker.scheduleAtFixedRate(() -> load.updateSlice(perSlice), SLICE_MS, SLICE_MS, TimeUnit.MILLISECONDS);
        return load;
    }

    public String endpointUrl() {
        return endpointUrl;
    }

    /** The text NodeId of variable {@code i}, as a tag address. */
    public String nodeId(int i) {
        return "ns=" + namespace.getNamespaceIndex() + ";s=v." + i;
    }

    public int variables() {
        return variables;
    }

    /** Value updates made so far (all variables together). */
    public long updates() {
        return updates.get();
    }

    private void updateSlice(int perSlice) {
        DateTime now = DateTime.now();
        for (int n = 0; n < perSlice; n++) {
            int i = cursor;
            cursor = (cursor + 1) % variables;
            long value = ++counts[i];
            namespace.nodes[i].setValue(new DataValue(Variant.ofDouble(value), StatusCode.GOOD, now, now));
        }
        updates.addAndGet(perSlice);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            server.shutdown().get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
        namespace.shutdown();
    }

    private static OpcUaServerConfig config(int port, int maxPerCall) {
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath(PATH)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        return OpcUaServerConfig.builder()
                .setApplicationUri(URI)
                .setApplicationName(LocalizedText.english("Vigil OPC UA load server"))
                .setProductUri(URI)
                .setEndpoints(Set.of(endpoint))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .setLimits(new OpcUaServerConfigLimits() {
                    @Override
                    public UInteger getMaxMonitoredItemsPerCall() {
                        return Unsigned.uint(maxPerCall);
                    }
                })
                .build();
    }

    private static int freePort() {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the OPC UA load server", e);
        }
    }

    /** {@code Objects/Load/v.i}; Milo's {@link SubscriptionModel} samples the values for monitored items. */
    private static final class LoadNamespace extends SampledNamespace {
        private final UaVariableNode[] nodes;

        LoadNamespace(OpcUaServer server, int variables) {
            super(server, URI);
            this.nodes = new UaVariableNode[variables];
        }

        @Override
        void createNodes() {
            UaFolderNode folder = objectsFolder("Load");
            for (int i = 0; i < nodes.length; i++) {
                UaVariableNode node = variable("v." + i, "v." + i);
                folder.addOrganizes(node);
                nodes[i] = node;
            }
        }
    }
}
