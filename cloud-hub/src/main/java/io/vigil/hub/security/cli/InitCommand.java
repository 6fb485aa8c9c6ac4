package io.vigil.hub.security.cli;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.pki.CertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil hub init}: creates the hub's CA and server certificate. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Creates the hub's certificate authority (EC P-256) and the hub's TLS server certificate, as PKCS#12 key"
                    + " stores with generated password files (owner-only).",
            "Refuses when the directory already holds a CA."
        })
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            description = "The PKI directory (CA, hub certificate, enrolled agents, users).",
            defaultValue = ".vigil/hub/pki")
    Path dir;

    @Option(
            names = "--host",
            split = ",",
            paramLabel = "NAME_OR_IP",
            description = "More names or addresses agents use to reach the hub, added to the server certificate"
                    + " (127.0.0.1 and localhost are always in it); repeatable or comma-separated.")
    List<String> hosts = new ArrayList<>();

    @Override
    public Integer call() {
        try {
            var ca = CertificateAuthority.init(dir, hosts, Clock.systemUTC());
            var out = spec.commandLine().getOut();
            out.println("CA created in " + dir + " ("
                    + ca.certificate().getSubjectX500Principal().getName() + ")");
            out.println("hub certificate: " + dir.resolve(CertificateAuthority.HUB_STORE) + " for 127.0.0.1, localhost"
                    + (hosts.isEmpty() ? "" : ", " + String.join(", ", hosts)));
            out.println("next: vigil hub enroll AGENT_ID, then vigil hub user add NAME --role admin");
            out.flush();
            return ExitCodes.OK;
        } catch (SecuritySetupException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
