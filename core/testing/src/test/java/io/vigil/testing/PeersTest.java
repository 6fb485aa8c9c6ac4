package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeersTest {
    @TempDir
    Path dir;

    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> environment = new HashMap<>();

    Peers peers() {
        return new Peers(properties::get, environment::get, dir);
    }

    @Test
    void aMissingPeerFailsNamingItAndHowToInstallIt() {
        properties.put("vigil.peer.mosquitto", dir.resolve("no-such-mosquitto").toString());

        assertThatThrownBy(() -> peers().locate(Peer.MOSQUITTO))
                .isExactlyInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("missing test peer mosquitto (Debian's Mosquitto MQTT broker): ")
                .hasMessageContaining(dir.resolve("no-such-mosquitto") + " does not exist")
                .hasMessageContaining("apt-get install -y mosquitto (./vigil test installs it)")
                .hasMessageContaining("-Dvigil.peer.mosquitto=PATH (env VIGIL_PEER_MOSQUITTO)")
                .hasMessageContaining("-Dvigil.peers.optional=true");
    }

    @Test
    void aMissingPeerIsSkippedOnlyWhenTheDeveloperOptsIn() {
        properties.put("vigil.peer.mosquitto", dir.resolve("no-such-mosquitto").toString());
        properties.put(Peers.OPTIONAL, "true");

        assertThatThrownBy(() -> peers().locate(Peer.MOSQUITTO))
                .isExactlyInstanceOf(TestAbortedException.class)
                .hasMessageStartingWith("missing test peer mosquitto");
    }

    @Test
    void anOptInOtherThanTrueStillFails() {
        properties.put("vigil.peer.mosquitto", dir.resolve("no-such-mosquitto").toString());
        properties.put(Peers.OPTIONAL, "yes");

        assertThatThrownBy(() -> peers().locate(Peer.MOSQUITTO)).isExactlyInstanceOf(AssertionFailedError.class);
    }

    @Test
    void theEnvironmentOverridesALocationWhenNoPropertyDoes() throws Exception {
        Path program = Files.createFile(dir.resolve("chromedriver"));
        program.toFile().setExecutable(true);
        environment.put("VIGIL_PEER_CHROMEDRIVER", program.toString());

        assertThat(peers().locate(Peer.CHROMEDRIVER)).isEqualTo(program);
    }

    @Test
    void aFileThatIsNotExecutableIsNoProgram() throws Exception {
        Path notProgram = Files.writeString(dir.resolve("mosquitto"), "text");
        notProgram.toFile().setExecutable(false);
        properties.put("vigil.peer.mosquitto", notProgram.toString());

        assertThatThrownBy(() -> peers().locate(Peer.MOSQUITTO))
                .hasMessageContaining(notProgram + " is not an executable file");
    }

    @Test
    void postgresqlIsCheckedByItsInitdb() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        properties.put("vigil.peer.postgresql-15", bin.toString());

        assertThatThrownBy(() -> peers().locate(Peer.POSTGRESQL_15))
                .hasMessageContaining("missing test peer postgresql-15")
                .hasMessageContaining(bin.resolve("initdb") + " does not exist")
                .hasMessageContaining("apt-get install -y postgresql")
                .hasMessageContaining("VIGIL_PEER_POSTGRESQL_15");
    }

    @Test
    void aPythonWithoutPymodbusIsReportedWithItsImportError() {
        properties.put("vigil.peer.pymodbus", "/bin/false");

        assertThatThrownBy(() -> peers().locate(Peer.PYMODBUS))
                .hasMessageContaining("missing test peer pymodbus")
                .hasMessageContaining("/bin/false cannot import pymodbus.server")
                .hasMessageContaining("python3-serial-asyncio");
    }

    @Test
    void sharedDataIsFoundInTheNearestSharedFolderAboveTheCheckout() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("work/wt/vigil/.ci"));
        Files.writeString(checkout.resolve("run"), "#!/bin/sh\n");
        Path skab = Files.createDirectories(dir.resolve("work/shared/data/skab"));
        var fromModule = new Peers(properties::get, environment::get, dir.resolve("work/wt/vigil/core"));

        assertThat(fromModule.locate(Peer.SKAB)).isEqualTo(skab);
        assertThat(fromModule.root()).isEqualTo(dir.resolve("work/wt/vigil"));
    }

    @Test
    void missingSharedDataNamesThePlaceBesideTheCheckout() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("clone/vigil/.ci"));
        Files.writeString(checkout.resolve("run"), "#!/bin/sh\n");
        var peers = new Peers(properties::get, environment::get, dir.resolve("clone/vigil"));

        assertThatThrownBy(() -> peers.locate(Peer.PCAPS))
                .hasMessageContaining("missing test peer pcaps")
                .hasMessageContaining(dir.resolve("clone/shared/fixtures/pcaps") + " is not a directory");
    }

    @Test
    void outsideACheckoutTheNodePeersFailNamingWhereTheyLooked() {
        assertThatThrownBy(() -> peers().locate(Peer.NODE_OPCUA))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no Vigil checkout (a folder with .ci/run) at or above " + dir);
    }
}
