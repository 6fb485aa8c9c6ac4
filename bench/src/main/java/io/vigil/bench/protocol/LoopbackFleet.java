package io.vigil.bench.protocol;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import io.vigil.adapters.scan.ScanTarget;
import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.adapters.sim.SimulatorSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fleet of loopback "devices", each on its own address 127.1.X.Y so the scanner treats each as a separate host:
 * j2mod Modbus slaves on port 502, Milo servers (the plant simulator) on 4840, silent sockets on 502 that accept and
 * never answer, and addresses where nothing listens (connection refused). Binding 502 and 4840 on loopback aliases
 * needs root or CAP_NET_BIND_SERVICE, which the fleet checks first.
 */
final class LoopbackFleet implements AutoCloseable {
    /** What stands behind a target. */
    enum Kind {
        MODBUS,
        OPCUA,
        SILENT,
        CLOSED
    }

    /** One target and what the fleet put there. */
    record Member(ScanTarget target, Kind kind) {}

    private final List<Member> members = new ArrayList<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    static String host(int i) {
        return "127.1." + (i / 250) + "." + (i % 250 + 1);
    }

    /** Fails with a clear message where loopback aliases or ports below 1024 cannot be bound. */
    static void requirePrivilegedLoopback() {
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(host(0)), 502));
        } catch (IOException e) {
            throw new IllegalStateException("this benchmark binds port 502 and 4840 on loopback addresses 127.1.x.y"
                    + " (one address per simulated device), which failed: " + e.getMessage()
                    + "; run it as root or give java CAP_NET_BIND_SERVICE");
        }
    }

    /** Starts {@code opcua} Milo servers, {@code modbus} j2mod slaves and {@code silent} sockets; the rest is closed. */
    static LoopbackFleet start(int targets, int opcua, int modbus, int silent) throws Exception {
        var fleet = new LoopbackFleet();
        try {
            int i = 0;
            for (int n = 0; n < opcua; n++, i++) {
                fleet.opcua(host(i));
            }
            for (int n = 0; n < modbus; n++, i++) {
                fleet.modbus(host(i));
            }
            for (int n = 0; n < silent; n++, i++) {
                fleet.silent(host(i));
            }
            for (; i < targets; i++) {
                fleet.members.add(new Member(new ScanTarget(host(i), 502, false), Kind.CLOSED));
            }
        } catch (Exception e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    private void opcua(String host) {
        var settings = new SimulatorSettings(host, 0, 4840, 1, Duration.ofSeconds(1), 1);
        running.add(PlantSimulator.start(settings, Clock.systemUTC()));
        members.add(new Member(new ScanTarget(host, 4840, false), Kind.OPCUA));
    }

    private void modbus(String host) throws ModbusException, IOException {
        var image = new SimpleProcessImage(1);
        for (int r = 0; r < 16; r++) {
            image.addRegister(new SimpleRegister(r));
        }
        // j2mod's ModbusSlaveFactory keeps one TCP slave per port; a subclass gives one per address.
        var slave = new ModbusSlave(InetAddress.getByName(host), 502, 2, false, 0) {};
        slave.addProcessImage(1, image);
        slave.open();
        running.add(slave::close);
        members.add(new Member(new ScanTarget(host, 502, false), Kind.MODBUS));
    }

    private void silent(String host) throws IOException {
        var server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 502));
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            held.add(server.accept());
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "silent-" + host);
        acceptor.setDaemon(true);
        acceptor.start();
        running.add(server);
        members.add(new Member(new ScanTarget(host, 502, false), Kind.SILENT));
    }

    @Override
    public void close() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                // closing the rest anyway
            }
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException e) {
                // closing the rest anyway
            }
        }
    }
}
