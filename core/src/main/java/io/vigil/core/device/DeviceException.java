package io.vigil.core.device;

/** A failed device operation: connect, read or subscribe. The message names the device and the cause. */
public class DeviceException extends RuntimeException {
    public DeviceException(String message) {
        super(message);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
