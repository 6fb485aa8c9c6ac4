package io.vigil.hub.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vigil.hub.live.LiveFeed;
import io.vigil.hub.store.query.LatestValues;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This hub's membership of the cluster: a clustered {@link Vertx} whose event bus carries the live feed between nodes.
 *
 * <p>Hazelcast is configured here, in code, on top of the Vert.x defaults shipped inside {@code vertx-hazelcast}
 * ({@code default-cluster.xml}, read from the class path): TCP-IP join with the given members, multicast and
 * auto-detection off, bound to one interface, phone-home off, and a short heartbeat timeout so a killed node leaves
 * the member list within seconds rather than a minute.
 */
public final class HubCluster {
    private static final Logger log = LoggerFactory.getLogger(HubCluster.class);
    /** Event bus address of the live feed: every node publishes its commits there and delivers what arrives. */
    public static final String LIVE_ADDRESS = "vigil.live";

    private static final int JOIN_TIMEOUT_S = 60;
    private static final String ORIGIN = "origin";
    /**
     * Member attribute holding the hub's MQTT client ids (comma-separated, one per session), so a survivor knows which
     * sessions to take over.
     */
    static final String SESSION_ATTRIBUTE = "vigil.mqtt-client-id";

    private final Vertx vertx;
    private final HazelcastClusterManager manager;

    private HubCluster(Vertx vertx, HazelcastClusterManager manager) {
        this.vertx = vertx;
        this.manager = manager;
    }

    /**
     * Starts a clustered Vert.x and joins the members; blocks until joined (a lone first node joins at once). Throws
     * {@link IllegalStateException} when Hazelcast cannot bind or the join does not finish within 60 s.
     */
    public static HubCluster join(ClusterSettings settings, List<String> sessionIds) {
        var config = hazelcast(settings);
        config.getMemberAttributeConfig().setAttribute(SESSION_ATTRIBUTE, String.join(",", sessionIds));
        var manager = new HazelcastClusterManager(config);
        var options = new VertxOptions();
        options.getEventBusOptions().setHost(settings.host()).setPort(0);
        try {
            Vertx vertx = Vertx.builder()
                    .with(options)
                    .withClusterManager(manager)
                    .buildClustered()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(JOIN_TIMEOUT_S, TimeUnit.SECONDS);
            var cluster = new HubCluster(vertx, manager);
            log.info(
                    "joined cluster '{}' on {}:{} as node {}; members {}",
                    settings.name(),
                    settings.host(),
                    settings.port(),
                    cluster.nodeId(),
                    cluster.members());
            return cluster;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot join the cluster on " + settings.host() + ":" + settings.port() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster was not joined within " + JOIN_TIMEOUT_S + " s", e);
        }
    }

    static Config hazelcast(ClusterSettings settings) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(settings.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        var network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(settings.host()));
        var join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        var members = new ArrayList<>(settings.members());
        members.add(settings.host() + ":" + settings.port());
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** This node's id in the cluster (Hazelcast's member UUID, also Vert.x's node id). */
    public String nodeId() {
        return manager.getNodeId();
    }

    /** The ids of every member, this one included. */
    public List<String> members() {
        return manager.getNodes();
    }

    /**
     * Makes {@code live} cluster-wide: its messages are published on {@link #LIVE_ADDRESS} and every node's feed,
     * this one's included, delivers what arrives there to its own WebSocket clients; samples and scores another node
     * committed also update this node's {@code latest} values. A member joining or leaving is told to this node's
     * clients as {@code {"type":"cluster","event":"joined"|"left","node":ID,"members":[...]}}.
     */
    public void relay(LiveFeed live, LatestValues latest) {
        String self = nodeId();
        vertx.eventBus().<String>consumer(LIVE_ADDRESS, m -> {
            live.deliver(m.body());
            if (!self.equals(m.headers().get(ORIGIN))) {
                fromOtherNode(m.body(), latest);
            }
        });
        var options = new DeliveryOptions().addHeader(ORIGIN, self);
        live.relayThrough(text -> vertx.eventBus().publish(LIVE_ADDRESS, text, options));
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                membership(live, "joined", e);
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                membership(live, "left", e);
            }
        });
    }

    private static void fromOtherNode(String text, LatestValues latest) {
        try {
            RelayedCommit.of(new JsonObject(text)).ifPresent(latest::committed);
        } catch (RuntimeException e) {
            log.debug("relayed live message not applied to the latest values: {}", e.toString());
        }
    }

    /**
     * When a member leaves (killed, or cut off for {@code hazelcast.max.no.heartbeat.seconds}), the oldest remaining
     * member calls {@code drain} with each MQTT client id the leaver announced, to take over its persistent sessions:
     * the broker keeps routing part of the share group's data there while they are offline. Only one member drains, so
     * two survivors never fight over a client id. A failed takeover is tried again ({@link Takeover}).
     */
    public void drainSessionsOfLeavers(Function<String, Future<Long>> drain) {
        manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {}

            @Override
            public void memberRemoved(MembershipEvent e) {
                String sessions = e.getMember().getAttribute(SESSION_ATTRIBUTE);
                boolean oldest = e.getMembers().stream()
                        .findFirst()
                        .map(m -> m.localMember())
                        .orElse(false);
                if (sessions == null || !oldest) {
                    return;
                }
                log.info(
                        "member {} left: taking over its MQTT sessions {}",
                        e.getMember().getUuid(),
                        sessions);
                var takeover = new Takeover(
                        drain,
                        HubCluster.this::announced,
                        (delay, action) -> vertx.setTimer(delay, id -> action.run()));
                for (String session : sessions.split(",")) {
                    takeover.start(session);
                }
            }
        });
    }

    /** Whether a current member announces {@code session} among its MQTT client ids. */
    private boolean announced(String session) {
        for (var member : manager.getHazelcastInstance().getCluster().getMembers()) {
            String ids = member.getAttribute(SESSION_ATTRIBUTE);
            if (ids != null && List.of(ids.split(",")).contains(session)) {
                return true;
            }
        }
        return false;
    }

    private static void membership(LiveFeed live, String event, MembershipEvent e) {
        var members = new JsonArray();
        e.getMembers().forEach(m -> members.add(m.getUuid().toString()));
        String node = e.getMember().getUuid().toString();
        log.info("cluster member {} {} ({} now)", node, event, members.size());
        live.deliver(new JsonObject()
                .put("type", "cluster")
                .put("event", event)
                .put("node", node)
                .put("members", members)
                .encode());
    }
}
