package io.vigil.adapters.opcua;

import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.Protocol;
import io.vigil.core.device.TagBrowser;
import io.vigil.core.tag.TagSpec;
import java.util.HashSet;
import java.util.List;

/** {@link TagBrowser} for OPC UA: the numeric variables {@link OpcUaBrowser} finds, as tags with unique ids. */
public final class OpcUaTagBrowser implements TagBrowser {
    @Override
    public Protocol protocol() {
        return Protocol.OPC_UA;
    }

    @Override
    public List<TagSpec> browse(String endpoint, DeviceSecurity security, int depth, int maxTags) {
        return tags(OpcUaBrowser.browse(endpoint, security, depth, maxTags));
    }

    /** Numeric variables only; a tag id that repeats gets a suffix ({@code flow}, {@code flow_2}). */
    static List<TagSpec> tags(List<BrowsedVariable> variables) {
        var seen = new HashSet<String>();
        return variables.stream()
                .filter(v -> v.tagType().isPresent())
                .map(v -> {
                    String id = v.tagId();
                    for (int n = 2; !seen.add(id); n++) {
                        id = v.tagId() + "_" + n;
                    }
                    return new TagSpec(id, v.nodeId(), v.tagType().orElseThrow());
                })
                .toList();
    }
}
