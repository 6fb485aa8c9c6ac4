package io.vigil.hub;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.pki.CertificateAuthority;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code vigil hub}'s login and MQTT TLS options: {@link SecuritySettings} without HTTPS ({@link HttpsOptions}). */
final class SecurityOptions {
    @Option(
            names = "--auth",
            description = "on: REST, live feed and metrics need a login (users from 'vigil hub user add'); off: open to"
                    + " anyone who reaches the port (demo and development only).",
            defaultValue = "on")
    String auth;

    @Option(
            names = "--mqtt-tls",
            description = "on: MQTT over TLS, agents need a certificate from 'vigil hub enroll' and their client id"
                    + " must equal its CN; off: plain TCP; auto: on when --pki holds a CA, else off (refused unless"
                    + " --host is a loopback address). Not used with --broker (the broker authenticates agents).",
            defaultValue = "auto")
    Switch mqttTls;

    @Option(
            names = "--pki",
            paramLabel = "DIR",
            description = "The PKI directory made by 'vigil hub init' (CA, hub certificate, users.json).",
            defaultValue = ".vigil/hub/pki")
    Path pki;

    @Option(
            names = "--session-ttl",
            converter = DurationConverter.class,
            description = "How long a login lasts.",
            defaultValue = "8h")
    Duration sessionTtl;

    /**
     * The settings for a hub listening on {@code host}, with an external broker or the embedded MQTT endpoint; MQTT
     * TLS is refused with a broker, and {@code auto} refuses plain MQTT on a host other machines reach.
     */
    SecuritySettings settings(String host, boolean externalBroker) {
        boolean login =
                switch (auth) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new UsageException("--auth '" + auth + "' must be on or off");
                };
        if (externalBroker) {
            if (mqttTls == Switch.on) {
                throw new UsageException("--mqtt-tls on does not apply with --broker: the broker authenticates agents");
            }
            return new SecuritySettings(login, false, pki, sessionTtl);
        }
        boolean tls =
                switch (mqttTls) {
                    case on -> true;
                    case off -> false;
                    case auto -> CertificateAuthority.exists(pki);
                };
        if (mqttTls == Switch.auto && !tls && !loopback(host)) {
            throw new UsageException("--host " + host + " is reachable from other machines but there is no CA in " + pki
                    + ": run 'vigil hub init' for mutual TLS, or pass --mqtt-tls off to accept any agent");
        }
        return new SecuritySettings(login, tls, pki, sessionTtl);
    }

    static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
