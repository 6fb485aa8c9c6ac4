package io.vigil.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.VigilCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusterOptionsTest {

    private static String run(int expectedExit, String... args) {
        var cli = VigilCli.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as(err.toString()).isEqualTo(expectedExit);
        return out + err.toString();
    }

    @Test
    void helpExplainsTheClusterOptionsWithTheirDefaults() {
        assertThat(run(ExitCodes.OK, "hub", "--help"))
                .contains(
                        "--cluster", "--cluster-host", "--cluster-port", "5701", "--cluster-members", "--cluster-name");
    }

    @Test
    void refusesAClusterWithoutAnExternalBroker() {
        assertThat(run(ExitCodes.USAGE, "hub", "--auth", "off", "--cluster", "--http-port", "0", "--mqtt-port", "0"))
                .contains("--broker", "--share-group");
    }

    @Test
    void refusesAClusterWithoutAShareGroup() {
        assertThat(run(ExitCodes.USAGE, "hub", "--auth", "off", "--cluster", "--broker", "tcp://127.0.0.1:1"))
                .contains("--share-group");
    }

    @Test
    void refusesAClusterWithTheEmbeddedDatabase() {
        assertThat(run(
                        ExitCodes.USAGE,
                        "hub",
                        "--auth",
                        "off",
                        "--cluster",
                        "--broker",
                        "tcp://127.0.0.1:1",
                        "--share-group",
                        "g"))
                .contains("--db");
    }

    @Test
    void refusesMembersWithoutAPortAndMembersWithoutCluster() {
        assertThat(run(ExitCodes.USAGE, "hub", "--cluster", "--cluster-members", "hub-b"))
                .contains("cluster member 'hub-b' must be HOST:PORT");
        assertThat(run(ExitCodes.USAGE, "hub", "--cluster-members", "hub-b:5701"))
                .contains("--cluster-members needs --cluster");
    }

    @Test
    void membersAreCommaSeparatedWithBlanksIgnored() {
        assertThat(ClusterSettings.parseMembers(" a:5701, ,b:5702 ")).containsExactly("a:5701", "b:5702");
        assertThat(ClusterSettings.parseMembers(null)).isEmpty();
    }

    @Test
    void refusesAPortOutOfRange() {
        assertThatThrownBy(() -> new ClusterSettings("127.0.0.1", 0, List.of(), "vigil"))
                .hasMessageContaining("cluster port 0");
    }

    @Test
    void hazelcastJoinsByTcpIpOnlyWithoutPhoningHome() {
        var config = HubCluster.hazelcast(new ClusterSettings("127.0.0.1", 5801, List.of("127.0.0.1:5802"), "plant"));

        var join = config.getNetworkConfig().getJoin();
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5802", "127.0.0.1:5801");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getClusterName()).isEqualTo("plant");
    }
}
