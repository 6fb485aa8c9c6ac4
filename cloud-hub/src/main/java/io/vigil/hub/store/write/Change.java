package io.vigil.hub.store.write;

import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What an edge agent reported, in the order it reported it; the writer applies a batch of these in one transaction. */
public sealed interface Change {

    /**
     * What applying a change does, one method per variant. {@link #applyTo} is abstract, so every variant must
     * implement it, and this interface must then name it: a new variant cannot be dropped silently (pattern matching
     * for {@code switch}, which would check the same, is a preview feature on Java 17).
     */
    interface Handler {
        void on(NodeBirth change) throws SQLException;

        void on(NodeDeath change) throws SQLException;

        void on(DeviceBirth change) throws SQLException;

        void on(DeviceDeath change) throws SQLException;

        void on(DeviceData change) throws SQLException;

        void on(History change) throws SQLException;

        void on(Several change) throws SQLException;
    }

    /** Hands this change to the handler's method for its variant. */
    void applyTo(Handler handler) throws SQLException;

    /** Rows this change will write, for batch sizing. */
    default int rows() {
        return 1;
    }

    /** NBIRTH: the agent is online with a new birth/death sequence. */
    record NodeBirth(String group, String agent, long bdSeq, Instant time) implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }

        public NodeBirth {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /** NDEATH, or the agent's connection closed ({@code bdSeq = -1}): the agent and its assets are offline. */
    record NodeDeath(String agent, long bdSeq, Instant time) implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }

        public NodeDeath {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /**
     * DBIRTH: the asset, its metadata ({@code protocol}, {@code device}), its metrics with units, and any current values
     * the birth carries.
     */
    record DeviceBirth(
            String group,
            String agent,
            String asset,
            List<MetricDef> metrics,
            Map<String, String> meta,
            AssetData data,
            Instant time)
            implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }

        public DeviceBirth {
            metrics = List.copyOf(metrics);
            meta = Map.copyOf(meta);
            Objects.requireNonNull(data, "data");
        }

        @Override
        public int rows() {
            return 1 + metrics.size() + data.size();
        }
    }

    /** DDEATH: the asset is offline. */
    record DeviceDeath(String agent, String asset, Instant time) implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }
    }

    /** DDATA: samples, scores and anomaly events of one asset. */
    record DeviceData(String group, String agent, String asset, AssetData data, Instant time) implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }

        @Override
        public int rows() {
            return Math.max(1, data.size());
        }
    }

    /**
     * Metrics flagged {@code is_historical} (back-filled by an edge's store-and-forward): stored like DDATA, but not
     * handed to the latest-value cache or the live feed, because they are not the current values.
     */
    record History(String group, String agent, String asset, AssetData data, Instant time) implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }

        public History {
            Objects.requireNonNull(asset, "asset");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public int rows() {
            return Math.max(1, data.size());
        }
    }

    /** Several changes from one message (an NBIRTH with node metrics, data with historical metrics), in order. */
    record Several(List<Change> parts) implements Change {
        @Override
        public void applyTo(Handler handler) throws SQLException {
            handler.on(this);
        }

        public Several {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("parts must not be empty");
            }
        }

        @Override
        public int rows() {
            return parts.stream().mapToInt(Change::rows).sum();
        }
    }
}
