package io.vigil.hub.security.cli;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.pki.CertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil hub enroll AGENT}: issues an agent's client certificate. */
@Command(
        name = "enroll",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Issues a TLS client certificate for an agent (CN = the agent id, which must also be its agent.id),"
                    + " signed by the hub's CA.",
            "Writes agent.p12, agent.password and ca.pem; copy them to the agent and name them under hub.tls."
        })
public final class EnrollCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "AGENT", description = "The agent id (agent.id in its agent.yaml).")
    String agent;

    @Option(names = "--dir", description = "The PKI directory made by vigil hub init.", defaultValue = ".vigil/hub/pki")
    Path dir;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write the agent's files (default: DIR/agents/AGENT in the PKI directory).")
    Path out;

    @Override
    public Integer call() {
        try {
            var ca = CertificateAuthority.load(dir, Clock.systemUTC());
            var e = out == null ? ca.enroll(agent) : ca.enroll(agent, out);
            var o = spec.commandLine().getOut();
            o.println("enrolled agent " + agent + ": " + e.keyStore().getParent());
            o.println("in the agent's agent.yaml (paths relative to it once copied):");
            o.println("hub:");
            o.println("  mqtt: ssl://HUB_HOST:1883");
            o.println("  tls:");
            o.println("    keystore: " + e.keyStore());
            o.println("    passwordFile: " + e.passwordFile());
            o.println("    truststore: " + e.trustStore());
            o.flush();
            return ExitCodes.OK;
        } catch (SecuritySetupException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
