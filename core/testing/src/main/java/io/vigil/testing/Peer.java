package io.vigil.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real part some tests need and cannot start without: a program, a package for it, or shared data. Each knows
 * where it lives by default, how to tell that it works there (the way the tests use it: an executable, a module that
 * imports, a directory with the data) and how to install it. {@link Peers#require} is the one way to ask for one.
 */
public enum Peer {
    MOSQUITTO(
            "mosquitto",
            "Debian's Mosquitto MQTT broker",
            "apt-get install -y mosquitto (./vigil test installs it)",
            peers -> Path.of("/usr/sbin/mosquitto"),
            Peer::executable),
    POSTGRESQL_15(
            "postgresql-15",
            "Debian's PostgreSQL 15 server programs (initdb, pg_ctl)",
            "apt-get install -y postgresql (./vigil test installs it)",
            peers -> Path.of("/usr/lib/postgresql/15/bin"),
            dir -> executable(dir.resolve("initdb")).or(() -> executable(dir.resolve("pg_ctl")))),
    TIMESCALEDB(
            "timescaledb",
            "TimescaleDB 2.28 built into Debian's PostgreSQL 15 (its extension directory)",
            "./vigil test builds it from ../shared/timescaledb (or ./vigil install-timescaledb; needs root once)",
            peers -> Path.of("/usr/share/postgresql/15/extension"),
            dir -> file(dir.resolve("timescaledb.control"))
                    .or(() -> file(dir.resolve("../../../../lib/postgresql/15/lib/timescaledb.so")
                            .normalize()))),
    CHROMIUM(
            "chromium",
            "the Chromium browser, driven headless",
            "apt-get install -y chromium (./vigil test installs it)",
            peers -> Path.of("/usr/bin/chromium"),
            Peer::executable),
    CHROMEDRIVER(
            "chromedriver",
            "Chromium's WebDriver",
            "apt-get install -y chromium-driver (./vigil test installs it)",
            peers -> Path.of("/usr/bin/chromedriver"),
            Peer::executable),
    PYMODBUS(
            "pymodbus",
            "Debian's pymodbus 3.0.0 for /usr/bin/python3 (the Modbus TCP server the tests talk to)",
            "apt-get install -y python3-pymodbus python3-serial-asyncio (./vigil test installs them)",
            peers -> Path.of("/usr/bin/python3"),
            Peer::importsPymodbus),
    NODE_OPCUA(
            "node-opcua",
            "npm node-opcua (the OPC UA server the tests talk to)",
            "cd .ci/peers && npm ci (./vigil test does it; needs Debian's nodejs and npm)",
            Peers::nodeModules,
            modules -> nodeModule(modules, "node-opcua")),
    NODE_SNAP7(
            "node-snap7",
            "npm node-snap7, built (the Siemens S7 server the tests talk to)",
            "cd .ci/peers && npm ci (./vigil test does it; node-gyp needs g++, make and python3)",
            Peers::nodeModules,
            modules -> nodeModule(modules, "node-snap7/build/Release/node_snap7.node")),
    BACNET_JS(
            "bacnet-js",
            "npm @bacnet-js/client (the BACnet/IP device the tests talk to)",
            "cd .ci/peers && npm ci (./vigil test does it; needs Debian's nodejs and npm)",
            Peers::nodeModules,
            modules -> nodeModule(modules, "@bacnet-js/client")),
    SKAB(
            "skab",
            "the SKAB data set (Skoltech Anomaly Benchmark CSVs)",
            "put it at shared/data/skab in a folder at or above the checkout's parent",
            peers -> peers.shared("data/skab"),
            Peer::directory),
    CMAPSS_FD001(
            "cmapss-fd001",
            "NASA's C-MAPSS FD001 data set",
            "put it at shared/data/cmapss-fd001 in a folder at or above the checkout's parent",
            peers -> peers.shared("data/cmapss-fd001"),
            Peer::directory),
    PCAPS(
            "pcaps",
            "the shared packet captures (golden frames)",
            "put them at shared/fixtures/pcaps in a folder at or above the checkout's parent",
            peers -> peers.shared("fixtures/pcaps"),
            Peer::directory);

    private final String id;
    private final String description;
    private final String install;
    private final Function<Peers, Path> defaultLocation;
    private final Function<Path, Optional<String>> check;

    Peer(
            String id,
            String description,
            String install,
            Function<Peers, Path> defaultLocation,
            Function<Path, Optional<String>> check) {
        this.id = id;
        this.description = description;
        this.install = install;
        this.defaultLocation = defaultLocation;
        this.check = check;
    }

    /** The short name in messages and in the {@code vigil.peer.<id>} override. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** How to install it. */
    public String install() {
        return install;
    }

    Path defaultLocation(Peers peers) {
        return defaultLocation.apply(peers);
    }

    /** What is wrong with the peer at {@code location}, or empty when it is usable. */
    Optional<String> problem(Path location) {
        return check.apply(location);
    }

    private static Optional<String> executable(Path file) {
        if (!Files.exists(file)) {
            return Optional.of(file + " does not exist");
        }
        return Files.isRegularFile(file) && Files.isExecutable(file)
                ? Optional.empty()
                : Optional.of(file + " is not an executable file");
    }

    private static Optional<String> file(Path file) {
        return Files.isRegularFile(file) ? Optional.empty() : Optional.of(file + " does not exist");
    }

    private static Optional<String> directory(Path dir) {
        return Files.isDirectory(dir) ? Optional.empty() : Optional.of(dir + " is not a directory");
    }

    private static Optional<String> nodeModule(Path modules, String module) {
        if (!Files.exists(modules.resolve(module))) {
            return Optional.of(modules.resolve(module) + " does not exist");
        }
        return onPath("node").isPresent() ? Optional.empty() : Optional.of("node is not on the PATH");
    }

    /** pyserial comes only with the package's Recommends, and pymodbus.server imports it: check the import itself. */
    private static Optional<String> importsPymodbus(Path python) {
        return executable(python).or(() -> {
            try {
                Process p = new ProcessBuilder(python.toString(), "-c", "import pymodbus.client, pymodbus.server")
                        .redirectErrorStream(true)
                        .start();
                String said = new String(p.getInputStream().readAllBytes()).strip();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.of(python + " did not import pymodbus within 30 s");
                }
                return p.exitValue() == 0
                        ? Optional.empty()
                        : Optional.of(python + " cannot import pymodbus.server: " + lastLine(said));
            } catch (IOException e) {
                return Optional.of("cannot run " + python + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while checking " + python);
            }
        });
    }

    static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String lastLine(String text) {
        int cut = text.lastIndexOf('\n');
        return cut < 0 ? text : text.substring(cut + 1);
    }
}
