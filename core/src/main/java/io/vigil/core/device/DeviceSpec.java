package io.vigil.core.device;

import io.vigil.core.sample.Tags;
import io.vigil.core.tag.TagSpec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A device the agent reads, and the asset its tags belong to.
 *
 * @param id device id, unique within the agent
 * @param asset the asset (machine) the tags describe; windows and models are per asset
 * @param protocol how to talk to it
 * @param endpoint {@code host:port} for Modbus TCP (unit id as {@code host:port/unit}), {@code opc.tcp://host:port/path}
 *     for OPC UA, {@code host:port?rack=0&slot=1} for S7
 * @param interval poll interval (Modbus) or sampling/publishing interval (OPC UA)
 * @param tags what to read
 * @param security how to secure the session (OPC UA); {@link DeviceSecurity#NONE} for protocols without security
 */
public record DeviceSpec(
        String id,
        String asset,
        Protocol protocol,
        String endpoint,
        Duration interval,
        List<TagSpec> tags,
        DeviceSecurity security) {
    public DeviceSpec {
        Tags.requireValidId("device id", id);
        Tags.requireValidId("asset", asset);
        Objects.requireNonNull(protocol, "protocol");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("device " + id + ": endpoint is empty");
        }
        if (interval == null || interval.toMillis() < 10 || interval.toMinutes() > 60) {
            throw new IllegalArgumentException(
                    "device " + id + ": interval " + interval + " must be between 10 ms and 60 min");
        }
        if (tags == null || tags.isEmpty()) {
            throw new IllegalArgumentException("device " + id + ": no tags");
        }
        tags = List.copyOf(tags);
        security = security == null ? DeviceSecurity.NONE : security;
        var seen = new HashSet<String>();
        for (TagSpec tag : tags) {
            if (!seen.add(tag.id())) {
                throw new IllegalArgumentException("device " + id + ": tag id '" + tag.id() + "' appears twice");
            }
        }
    }

    /** A device without security settings (Modbus TCP, S7, OPC UA with security None). */
    public DeviceSpec(
            String id, String asset, Protocol protocol, String endpoint, Duration interval, List<TagSpec> tags) {
        this(id, asset, protocol, endpoint, interval, tags, DeviceSecurity.NONE);
    }
}
