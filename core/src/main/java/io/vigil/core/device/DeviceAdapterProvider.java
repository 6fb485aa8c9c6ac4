package io.vigil.core.device;

import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates adapters for one protocol and knows that protocol's config syntax; registered in {@code META-INF/services}.
 *
 * <p>The syntax checks live here, beside the adapter that parses the same strings, so that a typo is reported at its
 * config line by the agent without the agent knowing any protocol: adding a protocol is one package with its provider.
 * Every check throws {@link IllegalArgumentException} with a message that names the bad value and the accepted form.
 */
public interface DeviceAdapterProvider {

    Protocol protocol();

    DeviceAdapter create(DeviceSpec spec);

    /** Checks the syntax of a device endpoint ({@link DeviceSpec#endpoint()}) and returns it unchanged. */
    String checkEndpoint(String endpoint);

    /** Checks the syntax of a tag address before its type is known and returns it unchanged. */
    String checkAddress(String address);

    /** The data type of a tag at {@code address} whose config names none. */
    DataType defaultType(String address);

    /** Checks that the value at {@code address} can be read as {@code type}; text types are checked by the caller. */
    default void checkType(String address, DataType type) {}

    /** Checks a complete tag, for rules that need several of its fields (a string's length against its address). */
    default void checkTag(TagSpec tag) {}

    /** Whether the protocol reads string tags ({@link DataType#isText()}). */
    default boolean readsText() {
        return false;
    }

    /** Whether devices of the protocol take {@link DeviceSecurity} settings. */
    default boolean securable() {
        return false;
    }

    /** Every provider on the class path. */
    static List<DeviceAdapterProvider> all() {
        return ServiceLoader.load(DeviceAdapterProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** The provider of {@code protocol}, or an exception naming the protocol when none is on the class path. */
    static DeviceAdapterProvider forProtocol(Protocol protocol) {
        return all().stream()
                .filter(p -> p.protocol() == protocol)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no adapter for protocol " + protocol.configName() + " on the class path"));
    }

    /** The adapter for the spec's protocol, or an exception naming the protocol when none is on the class path. */
    static DeviceAdapter forSpec(DeviceSpec spec) {
        for (DeviceAdapterProvider provider : ServiceLoader.load(DeviceAdapterProvider.class)) {
            if (provider.protocol() == spec.protocol()) {
                return provider.create(spec);
            }
        }
        throw new IllegalStateException("no adapter for protocol "
                + spec.protocol().configName() + " (device " + spec.id() + ") on the class path");
    }
}
