package io.vigil.adapters.sim;

import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulator's OPC UA address space: {@code Objects/Plant/pumpN/TAG}, one read-only Double variable per tag with a string
 * NodeId {@code pumpN.TAG}. Values are pushed in by {@link #publish}; Milo's {@link SubscriptionModel} samples them for
 * monitored items, so subscriptions see exactly what reads see.
 */
final class PlantNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:io.vigil:simulator:plant";

    private final SubscriptionModel subscriptions;
    private final int pumps;
    private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();

    PlantNamespace(OpcUaServer server, int pumps) {
        super(server, URI);
        this.pumps = pumps;
        this.subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
        getLifecycleManager().addStartupTask(this::createNodes);
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

    private void createNodes() {
        UaFolderNode plant = folder("Plant");
        plant.addReference(new Reference(
                plant.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));
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

    private UaFolderNode folder(String name) {
        var folder = new UaFolderNode(
                getNodeContext(), newNodeId(name), newQualifiedName(name), LocalizedText.english(name));
        getNodeManager().addNode(folder);
        return folder;
    }

    private UaVariableNode variable(String id, String name) {
        UaVariableNode node = UaVariableNode.builder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDataType(NodeIds.Double)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setMinimumSamplingInterval(0.0)
                .build();
        node.setValue(new DataValue(Variant.ofDouble(0.0)));
        getNodeManager().addNode(node);
        return node;
    }

    /** The index the server gave this namespace; part of every NodeId the simulator publishes. */
    int index() {
        return getNamespaceIndex().intValue();
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        subscriptions.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        subscriptions.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        subscriptions.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        subscriptions.onMonitoringModeChanged(items);
    }
}
