package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;

/**
 * Starts the real protocol peers written by others (Debian's pymodbus server, npm node-opcua and node-snap7) on a free
 * loopback port, and stops them by PID. Shared with other modules' ITs through this module's test jar. A missing peer fails the test with the command that installs it: CI must not
 * silently skip these ({@code ./vigil test} installs them).
 */
public final class TestPeers {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(25);

    private TestPeers() {}

    /** A running peer process. */
    public record Peer(String name, Process process, int port, List<String> output) implements AutoCloseable {
        @Override
        public void close() {
            ProcessHandle handle = process.toHandle();
            handle.descendants().forEach(ProcessHandle::destroy);
            handle.destroy();
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    handle.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public static Peer modbus() {
        requirePymodbus();
        return start(
                "pymodbus",
                List.of("/usr/bin/python3", script("modbus_server.py").toString()),
                null);
    }

    public static Peer opcua(Path workDir) {
        Path modules = requireNodeModules("node-opcua");
        return start("node-opcua", List.of("node", script("opcua_server.js").toString()), modules, workDir);
    }

    /** node-opcua with security only and its own PKI in {@code workDir/pki}: see opcua_secure_server.js. */
    public static Peer opcuaSecure(Path workDir) {
        Path modules = requireNodeModules("node-opcua");
        return start(
                "node-opcua", List.of("node", script("opcua_secure_server.js").toString()), modules, workDir);
    }

    /** A BACnet/IP device on UDP, built on the npm {@code @bacnet-js/client} stack: see bacnet_device.js. */
    public static Peer bacnet() {
        return bacnet(true);
    }

    /** The same device; without {@code readPropertyMultiple} it lists ReadProperty only and ignores RPM requests. */
    public static Peer bacnet(boolean readPropertyMultiple) {
        Path modules = requireNodeModules("@bacnet-js/client");
        var command = List.of("node", script("bacnet_device.js").toString());
        return start("bacnet-js", command, modules, null, readPropertyMultiple ? List.of() : List.of("no-rpm"));
    }

    public static Peer s7() {
        Path modules = requireNodeModules("node-snap7");
        return start("node-snap7", List.of("node", script("s7_server.js").toString()), modules);
    }

    /**
     * Debian's mosquitto on a free loopback port: anonymous clients allowed, or refused with a password file (user
     * {@code vigil}, password {@code secret}). {@code user root} keeps a broker started by root from dropping to the
     * mosquitto user, who could not read the test's files; it is ignored when not root.
     */
    public static Peer mosquitto(Path dir, boolean anonymous) {
        Path binary = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(binary)) {
            fail(
                    "the MQTT test peer is missing: install it with `apt-get install -y mosquitto` (./vigil test does this)");
        }
        int port = freePort();
        var conf = new ArrayList<>(List.of("user root", "listener " + port + " 127.0.0.1", "persistence false"));
        try {
            if (anonymous) {
                conf.add("allow_anonymous true");
            } else {
                Path passwords = dir.resolve("passwords");
                Process p = new ProcessBuilder(
                                "/usr/bin/mosquitto_passwd", "-b", "-c", passwords.toString(), "vigil", "secret")
                        .redirectErrorStream(true)
                        .start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    fail("mosquitto_passwd failed: "
                            + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                }
                conf.add("allow_anonymous false");
                conf.add("password_file " + passwords);
            }
            Path file = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(file, String.join("\n", conf) + "\n");
            Process process = new ProcessBuilder(binary.toString(), "-c", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile())
                    .start();
            var peer = new Peer("mosquitto", process, port, List.of());
            awaitPort(peer);
            return peer;
        } catch (IOException e) {
            return fail("cannot start mosquitto: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while starting mosquitto");
        }
    }

    /**
     * Debian's mosquitto with a TLS listener only, anonymous clients allowed, on a throwaway self-signed certificate
     * (RSA 2048, CN "Vigil scan test") made here with Milo's certificate builder (Bouncy Castle) and written as PEM, so
     * no openssl command is needed.
     */
    public static Peer mosquittoTls(Path dir) {
        Path binary = Path.of("/usr/sbin/mosquitto");
        if (!Files.isExecutable(binary)) {
            fail(
                    "the MQTT test peer is missing: install it with `apt-get install -y mosquitto` (./vigil test does this)");
        }
        int port = freePort();
        try {
            var keys = KeyPairGenerator.getInstance("RSA");
            keys.initialize(2048);
            var keyPair = keys.generateKeyPair();
            var cert = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("Vigil scan test")
                    .setOrganization("Vigil")
                    .setApplicationUri("urn:vigil:scan-test")
                    .addIpAddress("127.0.0.1")
                    .setValidityPeriod(Period.ofDays(2))
                    .build();
            Path certFile = dir.resolve("broker-cert.pem");
            Path keyFile = dir.resolve("broker-key.pem");
            Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(keyFile, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
            var conf = List.of(
                    "user root",
                    "persistence false",
                    "listener " + port + " 127.0.0.1",
                    "certfile " + certFile,
                    "keyfile " + keyFile,
                    "allow_anonymous true");
            Path file = dir.resolve("mosquitto-tls-" + port + ".conf");
            Files.writeString(file, String.join("\n", conf) + "\n");
            Process process = new ProcessBuilder(binary.toString(), "-c", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            dir.resolve("mosquitto-tls-" + port + ".log").toFile())
                    .start();
            var peer = new Peer("mosquitto-tls", process, port, List.of());
            awaitPort(peer);
            return peer;
        } catch (Exception e) {
            return fail("cannot start mosquitto with TLS: " + e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Peer start(String name, List<String> command, Path nodeModules) {
        return start(name, command, nodeModules, null);
    }

    private static Peer start(String name, List<String> command, Path nodeModules, Path workDir) {
        return start(name, command, nodeModules, workDir, List.of());
    }

    /** Starts {@code command PORT args...}. */
    private static Peer start(String name, List<String> command, Path nodeModules, Path workDir, List<String> args) {
        int port = freePort();
        var cmd = new ArrayList<>(command);
        cmd.add(Integer.toString(port));
        cmd.addAll(args);
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (nodeModules != null) {
            pb.environment().put("NODE_PATH", nodeModules.toString());
        }
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return fail("cannot start the " + name + " peer (" + cmd.get(0) + "): " + e.getMessage());
        }
        var output = Collections.synchronizedList(new ArrayList<String>());
        var ready = new CompletableFuture<Void>();
        Thread reader = new Thread(
                () -> {
                    try (var in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            output.add(line);
                            if (line.startsWith("ready")) {
                                ready.complete(null);
                            }
                        }
                    } catch (IOException ignored) {
                        // the peer stopped
                    }
                    ready.complete(null);
                },
                name + "-output");
        reader.setDaemon(true);
        reader.start();
        var peer = new Peer(name, process, port, output);
        if (!name.equals("pymodbus")) {
            ready.completeOnTimeout(null, START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
        }
        if (name.equals("bacnet-js")) {
            awaitReadyLine(peer); // UDP: nothing to connect to
        } else {
            awaitPort(peer);
        }
        return peer;
    }

    private static void awaitReadyLine(Peer peer) {
        if (!peer.process().isAlive() || !peer.output().contains("ready")) {
            peer.close();
            fail(peer.name() + " peer did not start: " + String.join("\n", peer.output()));
        }
    }

    private static void awaitPort(Peer peer) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!peer.process().isAlive()) {
                fail(peer.name() + " peer exited: " + String.join("\n", peer.output()));
            }
            try (var s = new Socket("127.0.0.1", peer.port())) {
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        peer.close();
        fail(peer.name() + " peer did not listen on " + peer.port() + " within " + START_TIMEOUT);
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".ci/peers/package.json"))) {
                return p;
            }
        }
        return fail("no .ci/peers/package.json above " + Path.of("").toAbsolutePath());
    }

    private static Path script(String name) {
        return repoRoot().resolve("protocol-adapters/src/test/resources/peers").resolve(name);
    }

    private static void requirePymodbus() {
        try {
            var p = new ProcessBuilder("/usr/bin/python3", "-c", "import pymodbus.server")
                    .redirectErrorStream(true)
                    .start();
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // fall through to the message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail("the Modbus test peer is missing: install it with `apt-get install -y python3-pymodbus`"
                + " (./vigil test does this)");
    }

    private static Path requireNodeModules(String module) {
        Path modules = repoRoot().resolve(".ci/peers/node_modules");
        if (!Files.isDirectory(modules.resolve(module))) {
            fail("the " + module + " test peer is missing: run `cd .ci/peers && npm ci` (./vigil test does this)");
        }
        return modules;
    }

    static int freePort() {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
