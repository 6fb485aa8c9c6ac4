package io.vigil.adapters.sim;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveType;
import io.vigil.core.device.DeviceException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's Modbus TCP server: j2mod's slave serving a {@link RegisterImage} as unit 1.
 *
 * <p>Two j2mod habits shape this class. Its factory keeps one slave per port for the whole JVM and hands out the
 * existing one when asked for a port twice, so a second simulator on a taken port would silently share the first one's
 * slave: we refuse that ourselves. And j2mod cannot bind port 0 and report the port it got, so port 0 is resolved to a
 * free port by binding and releasing a probe socket first; another process could take the port in the few
 * milliseconds between the probe and j2mod's bind, in which case start fails with the port named (retry).
 */
final class ModbusPlantServer implements AutoCloseable {
    static final int UNIT_ID = 1;
    private static final Logger log = LoggerFactory.getLogger(ModbusPlantServer.class);
    /** j2mod serves each open connection on its own pool thread, so this caps concurrent masters. */
    private static final int POOL_SIZE = 16;

    private final ModbusSlave slave;
    private final String host;
    private final int port;

    private ModbusPlantServer(ModbusSlave slave, String host, int port) {
        this.slave = slave;
        this.host = host;
        this.port = port;
    }

    /** Binds {@code host:port} (0: a free port) and serves {@code image}; fails with the address and the cause. */
    static ModbusPlantServer start(String host, int port, RegisterImage image) {
        int bound = port == 0 ? freePort(host) : port;
        synchronized (ModbusSlaveFactory.class) {
            if (ModbusSlaveFactory.getSlave(ModbusSlaveType.TCP, bound) != null) {
                throw cannotListen(host, bound, "another Modbus slave in this JVM already uses the port", null);
            }
            ModbusSlave slave = null;
            try {
                slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getByName(host), bound, POOL_SIZE, false);
                slave.setThreadName("sim-modbus-" + bound);
                slave.addProcessImage(UNIT_ID, image);
                slave.open();
            } catch (ModbusException | IOException e) {
                if (slave != null) {
                    ModbusSlaveFactory.close(slave);
                }
                throw cannotListen(host, bound, e.getMessage(), e);
            }
            log.info("Modbus simulator (j2mod slave) listening on {}:{} unit {}", host, bound, UNIT_ID);
            return new ModbusPlantServer(slave, host, bound);
        }
    }

    int port() {
        return port;
    }

    /** Stops listening and drops the open connections; never throws. */
    @Override
    public void close() {
        try {
            slave.close();
        } catch (RuntimeException e) {
            log.warn("Modbus simulator on {}:{} did not close cleanly: {}", host, port, e.toString());
        }
    }

    private static DeviceException cannotListen(String host, int port, String why, Throwable cause) {
        return new DeviceException("Modbus simulator cannot listen on " + host + ":" + port + ": " + why, cause);
    }

    private static int freePort(String host) {
        try (var probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new DeviceException("no free port on " + host + " for the Modbus simulator: " + e.getMessage(), e);
        }
    }
}
