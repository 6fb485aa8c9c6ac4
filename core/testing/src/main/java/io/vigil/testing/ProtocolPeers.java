package io.vigil.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The protocol servers written by others that the adapter, scanner and agent tests talk to, each on a free loopback
 * port: Debian's pymodbus (run by {@code /usr/bin/python3}, which has Debian's packages; another {@code python3} first
 * on the PATH may not), and node-opcua, node-snap7 and {@code @bacnet-js/client} from {@code .ci/peers}. The scripts
 * are resources of this module, copied to a temporary folder on first use.
 */
public final class ProtocolPeers {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(25);
    private static Path scripts;

    private ProtocolPeers() {}

    /** pymodbus with device identification and text in holding registers 100-111: see modbus_server.py. */
    public static PeerProcess modbus() {
        Path python = Peers.require(Peer.PYMODBUS);
        int port = Ports.free();
        var command =
                List.of(python.toString(), "-u", script("modbus_server.py").toString(), Integer.toString(port));
        return PeerProcess.start("pymodbus", command, port, Map.of(), null).awaitPort(START_TIMEOUT);
    }

    /** node-opcua with anonymous access; its PKI goes to {@code workDir/pki}: see opcua_server.js. */
    public static PeerProcess opcua(Path workDir) {
        return node(Peer.NODE_OPCUA, "node-opcua", "opcua_server.js", workDir, List.of(), true);
    }

    /** node-opcua with security only and its own PKI in {@code workDir/pki}: see opcua_secure_server.js. */
    public static PeerProcess opcuaSecure(Path workDir) {
        return node(Peer.NODE_OPCUA, "node-opcua", "opcua_secure_server.js", workDir, List.of(), true);
    }

    /** A BACnet/IP device on UDP: see bacnet_device.js. */
    public static PeerProcess bacnet() {
        return bacnet(true);
    }

    /** The same device; without {@code readPropertyMultiple} it lists ReadProperty only and ignores RPM requests. */
    public static PeerProcess bacnet(boolean readPropertyMultiple) {
        var args = readPropertyMultiple ? List.<String>of() : List.of("no-rpm");
        return node(Peer.BACNET_JS, "bacnet-js", "bacnet_device.js", null, args, false);
    }

    /** A snap7 server with data block 1: see s7_server.js. */
    public static PeerProcess s7() {
        return node(Peer.NODE_SNAP7, "node-snap7", "s7_server.js", null, List.of(), true);
    }

    /** Runs {@code node SCRIPT PORT args...} and waits for its "ready" line, then (over TCP) for its port. */
    private static PeerProcess node(
            Peer peer, String name, String script, Path workDir, List<String> args, boolean tcp) {
        Path modules = Peers.require(peer);
        int port = Ports.free();
        var command = new ArrayList<>(List.of("node", script(script).toString(), Integer.toString(port)));
        command.addAll(args);
        var process = PeerProcess.start(name, command, port, Map.of("NODE_PATH", modules.toString()), workDir)
                .awaitLine("ready", START_TIMEOUT);
        return tcp ? process.awaitPort(START_TIMEOUT) : process;
    }

    private static synchronized Path script(String name) {
        try {
            if (scripts == null) {
                scripts = Files.createTempDirectory("vigil-peers-");
                scripts.toFile().deleteOnExit();
            }
            Path target = scripts.resolve(name);
            if (!Files.exists(target)) {
                try (InputStream in = ProtocolPeers.class.getResourceAsStream("peers/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("resource peers/" + name + " is missing from vigil-testing");
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the peer script " + name, e);
        }
    }
}
