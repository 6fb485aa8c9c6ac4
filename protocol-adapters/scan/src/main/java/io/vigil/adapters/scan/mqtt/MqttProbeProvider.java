package io.vigil.adapters.scan.mqtt;

import io.vigil.adapters.scan.Probe;
import io.vigil.adapters.scan.ProbeContext;
import io.vigil.adapters.scan.ProbeProvider;
import java.util.List;

/** Registers the MQTT on plain TCP (1883) and over TLS (8883) probes with the scanner. */
public final class MqttProbeProvider implements ProbeProvider {
    @Override
    public List<Probe> probes(ProbeContext context) {
        return List.of(new MqttProbe(context.random()), MqttProbe.overTls(context.random(), context.clock()));
    }
}
