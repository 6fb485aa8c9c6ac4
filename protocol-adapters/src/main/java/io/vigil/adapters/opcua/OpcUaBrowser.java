package io.vigil.adapters.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.tag.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Walks a server's address space from the Objects folder and lists its variables, the way {@code vigil browse} and
 * {@code vigil scan --emit-config} turn a server into agent tags.
 *
 * <p>Breadth first, one Browse request per level of up to {@value #NODES_PER_REQUEST} nodes (continuation points
 * followed with BrowseNext), over hierarchical references except properties; objects are descended into, variables
 * listed. Namespace 0 (the server's own diagnostics) is skipped: plant data lives in the server's namespaces. The data
 * types of the variables are then read {@value #NODES_PER_REQUEST} per Read request.
 */
public final class OpcUaBrowser {
    static final int NODES_PER_REQUEST = 1_000;

    private static final Map<Integer, DataType> NUMERIC = Map.ofEntries(
            Map.entry(1, DataType.BOOL),
            Map.entry(2, DataType.INT16),
            Map.entry(3, DataType.UINT16),
            Map.entry(4, DataType.INT16),
            Map.entry(5, DataType.UINT16),
            Map.entry(6, DataType.INT32),
            Map.entry(7, DataType.UINT32),
            Map.entry(8, DataType.FLOAT64),
            Map.entry(9, DataType.FLOAT64),
            Map.entry(10, DataType.FLOAT32),
            Map.entry(11, DataType.FLOAT64));
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "Boolean"),
            Map.entry(2, "SByte"),
            Map.entry(3, "Byte"),
            Map.entry(4, "Int16"),
            Map.entry(5, "UInt16"),
            Map.entry(6, "Int32"),
            Map.entry(7, "UInt32"),
            Map.entry(8, "Int64"),
            Map.entry(9, "UInt64"),
            Map.entry(10, "Float"),
            Map.entry(11, "Double"),
            Map.entry(12, "String"),
            Map.entry(13, "DateTime"),
            Map.entry(26, "Number"));

    private OpcUaBrowser() {}

    private record Node(NodeId id, String path) {}

    /**
     * Connects, browses and disconnects; blocking.
     *
     * @param depth how many levels of objects below the Objects folder to descend (1 = its direct children)
     * @param maxVariables stop after this many variables
     * @throws DeviceException when the server cannot be reached or a browse fails
     */
    public static List<BrowsedVariable> browse(String endpoint, DeviceSecurity security, int depth, int maxVariables) {
        if (depth < 1 || maxVariables < 1) {
            throw new IllegalArgumentException(
                    "depth " + depth + " and maxVariables " + maxVariables + " must be at least 1");
        }
        String describe = "OPC UA " + endpoint;
        OpcUaClient client = OpcUaConnector.connect(endpoint, security, describe);
        try {
            List<Node> variables = walk(client, depth, maxVariables);
            return typed(client, variables);
        } catch (UaException e) {
            throw new DeviceException(describe + ": browse failed: " + e.getMessage(), e);
        } finally {
            OpcUaConnector.disconnectQuietly(client);
        }
    }

    private static List<Node> walk(OpcUaClient client, int depth, int maxVariables) throws UaException {
        var variables = new ArrayList<Node>();
        List<Node> level = List.of(new Node(NodeIds.ObjectsFolder, ""));
        for (int d = 0; d < depth && !level.isEmpty() && variables.size() < maxVariables; d++) {
            var next = new ArrayList<Node>();
            for (int from = 0; from < level.size(); from += NODES_PER_REQUEST) {
                List<Node> batch = level.subList(from, Math.min(level.size(), from + NODES_PER_REQUEST));
                List<BrowseResult> results = client.browse(batch.stream()
                        .map(n -> new BrowseDescription(
                                n.id(),
                                BrowseDirection.Forward,
                                NodeIds.HierarchicalReferences,
                                true,
                                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                                uint(BrowseResultMask.All.getValue())))
                        .toList());
                for (int i = 0; i < batch.size(); i++) {
                    for (ReferenceDescription ref : references(client, results.get(i))) {
                        classify(client, batch.get(i), ref, next, variables);
                    }
                }
            }
            level = next;
        }
        return variables.size() > maxVariables ? variables.subList(0, maxVariables) : variables;
    }

    private static List<ReferenceDescription> references(OpcUaClient client, BrowseResult result) throws UaException {
        var refs = new ArrayList<ReferenceDescription>();
        BrowseResult current = result;
        while (true) {
            if (current.getReferences() != null) {
                refs.addAll(List.of(current.getReferences()));
            }
            if (current.getContinuationPoint() == null
                    || current.getContinuationPoint().isNullOrEmpty()) {
                return refs;
            }
            var more = client.browseNext(false, List.of(current.getContinuationPoint()));
            current = more.getResults()[0];
        }
    }

    private static void classify(
            OpcUaClient client, Node parent, ReferenceDescription ref, List<Node> objects, List<Node> variables) {
        if (NodeIds.HasProperty.equals(ref.getReferenceTypeId())) {
            return;
        }
        Optional<NodeId> id = ref.getNodeId().toNodeId(client.getNamespaceTable());
        if (id.isEmpty() || id.get().getNamespaceIndex().intValue() == 0) {
            return;
        }
        String name = ref.getBrowseName().name();
        var node = new Node(id.get(), parent.path().isEmpty() ? name : parent.path() + "/" + name);
        if (ref.getNodeClass() == NodeClass.Variable) {
            variables.add(node);
        } else {
            objects.add(node);
        }
    }

    private static List<BrowsedVariable> typed(OpcUaClient client, List<Node> variables) throws UaException {
        var out = new ArrayList<BrowsedVariable>(variables.size());
        for (int from = 0; from < variables.size(); from += NODES_PER_REQUEST) {
            List<Node> batch = variables.subList(from, Math.min(variables.size(), from + NODES_PER_REQUEST));
            DataValue[] types = client.read(
                            0.0,
                            TimestampsToReturn.Neither,
                            batch.stream()
                                    .map(n -> new ReadValueId(n.id(), AttributeId.DataType.uid(), null, null))
                                    .toList())
                    .getResults();
            for (int i = 0; i < batch.size(); i++) {
                Object value = types[i].getValue().getValue();
                NodeId type = value instanceof NodeId t ? t : NodeId.NULL_VALUE;
                out.add(new BrowsedVariable(
                        batch.get(i).id().toParseableString(), batch.get(i).path(), typeName(type), tagType(type)));
            }
        }
        return out;
    }

    private static Optional<DataType> tagType(NodeId type) {
        return type.getNamespaceIndex().intValue() == 0 && type.getIdentifier() instanceof Number n
                ? Optional.ofNullable(NUMERIC.get(n.intValue()))
                : Optional.empty();
    }

    private static String typeName(NodeId type) {
        if (type.getNamespaceIndex().intValue() == 0 && type.getIdentifier() instanceof Number n) {
            return NAMES.getOrDefault(n.intValue(), type.toParseableString());
        }
        return type.toParseableString();
    }
}
