package io.vigil.adapters.sim;

import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulator's OPC UA address space: {@code Objects/Plant/pumpN/TAG}, one read-only Double variable per tag with a string
 * NodeId {@code pumpN.TAG}. Values are pushed in by {@link #publish}; Milo's {@link SubscriptionModel} samples them for
 * monitored items, so subscriptions see exactly what reads see.
 */
final class PlantNamespace extends SampledNamespace {
    static final String URI = "urn:io.vigil:simulator:plant";

    private final int pumps;
    private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();

    PlantNamespace(OpcUaServer server, int pumps) {
        super(server, URI);
        this.pumps = pumps;
    }

    /** Sets every variable of pump {@code n} from one reading, stamped with the simulator's time. */
    void publish(int pump, PumpReading reading, Instant time) {
        DateTime stamp = new DateTime(time);
        double[] values = reading.toArray();
        for (int i = 0; i < values.length; i++) {
            UaVariableNode node =
                    variables.get(PumpTags.asset(pump) + "." + PumpTags.ids().get(i));
            node.setValue(new DataValue(Variant.ofDouble(values[i]), StatusCode.GOOD, stamp, stamp));
        }
    }

    @Override
    void createNodes() {
        UaFolderNode plant = objectsFolder("Plant");
        for (int pump = 1; pump <= pumps; pump++) {
            String asset = PumpTags.asset(pump);
            UaFolderNode folder = folder(asset);
            plant.addOrganizes(folder);
            for (String tag : PumpTags.ids()) {
                UaVariableNode node = variable(asset + "." + Tags.requireValidId("tag", tag), tag);
                folder.addOrganizes(node);
                variables.put(asset + "." + tag, node);
            }
        }
    }

    /** The index the server gave this namespace; part of every NodeId the simulator publishes. */
    int index() {
        return getNamespaceIndex().intValue();
    }
}
