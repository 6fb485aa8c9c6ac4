package io.vigil.core.device;

import io.vigil.core.tag.TagSpec;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Lists the tags a device offers, for protocols that can tell (OPC UA browses its address space). Registered in
 * {@code META-INF/services}, so a tool such as {@code vigil scan --emit-config} can turn a device into agent tags
 * without depending on the protocol's package.
 */
public interface TagBrowser {

    Protocol protocol();

    /**
     * Connects, lists numeric tags and disconnects; blocking.
     *
     * @param depth levels below the root to descend
     * @param maxTags stop after this many tags
     * @throws DeviceException when the device cannot be reached or refuses the browse
     */
    List<TagSpec> browse(String endpoint, DeviceSecurity security, int depth, int maxTags);

    /** The browser for a protocol, if one is on the class path. */
    static Optional<TagBrowser> forProtocol(Protocol protocol) {
        return ServiceLoader.load(TagBrowser.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(b -> b.protocol() == protocol)
                .findFirst();
    }
}
