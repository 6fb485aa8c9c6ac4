package io.vigil.adapters.opcua;

import io.vigil.core.tag.DataType;
import java.util.Objects;
import java.util.Optional;

/**
 * A variable found by {@link OpcUaBrowser}.
 *
 * @param nodeId the NodeId in its text form, as a tag address ({@code ns=1;s=pump.flow})
 * @param path the browse names from the Objects folder, joined by {@code /} ({@code Pump/flow})
 * @param dataTypeName the OPC UA data type ({@code Double}, {@code Int32}, …; the NodeId of a type Vigil does not
 *     know)
 * @param tagType the tag type that reads it, empty when its values are not numbers (strings, structures)
 */
public record BrowsedVariable(String nodeId, String path, String dataTypeName, Optional<DataType> tagType) {
    public BrowsedVariable {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(dataTypeName, "dataTypeName");
        Objects.requireNonNull(tagType, "tagType");
    }

    /** A tag id made from the browse path: {@code Pump/flow} → {@code Pump.flow}. */
    public String tagId() {
        String id = path.replace('/', '.').replaceAll("[^A-Za-z0-9_.\\-]+", "_");
        return id.isEmpty() ? "tag" : id;
    }
}
