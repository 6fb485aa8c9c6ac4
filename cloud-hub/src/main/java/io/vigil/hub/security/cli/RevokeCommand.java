package io.vigil.hub.security.cli;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.RevocationList;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil hub revoke AGENT}: the hub stops accepting an agent's certificates. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Revokes the TLS client certificates issued to an agent (all of them, from issued.txt in the PKI"
                    + " directory, or the one given with --serial): a stolen or retired edge box can no longer"
                    + " publish. Appends to revoked.txt; a running hub re-reads it within 5 s, refuses new"
                    + " connections with those certificates and closes open ones.",
            "To let the agent back in, enroll it again (vigil hub enroll AGENT): the new certificate has a new serial."
        })
public final class RevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "AGENT", description = "The agent id (the certificate's CN).")
    String agent;

    @Option(names = "--serial", paramLabel = "HEX", description = "Revoke only this certificate (serial in hex).")
    String serial;

    @Option(names = "--reason", description = "Recorded in revoked.txt beside the serial.", defaultValue = "")
    String reason;

    @Option(names = "--dir", description = "The PKI directory made by vigil hub init.", defaultValue = ".vigil/hub/pki")
    Path dir;

    @Override
    public Integer call() {
        Optional<BigInteger> one = Optional.empty();
        if (serial != null) {
            try {
                one = Optional.of(new BigInteger(serial.replace(":", ""), 16));
            } catch (NumberFormatException e) {
                throw new UsageException("--serial '" + serial + "' is not a hexadecimal serial number");
            }
        }
        try {
            var ca = CertificateAuthority.load(dir, Clock.systemUTC());
            List<BigInteger> revoked = ca.revoke(agent, one, reason);
            var out = spec.commandLine().getOut();
            if (revoked.isEmpty()) {
                out.println("agent " + agent + ": its certificates were already revoked; nothing to do");
            }
            for (BigInteger s : revoked) {
                out.println("revoked certificate " + s.toString(16) + " of agent " + agent);
            }
            out.println("in " + dir.resolve(RevocationList.REVOKED) + "; a running hub applies it within 5 s");
            out.flush();
            return ExitCodes.OK;
        } catch (SecuritySetupException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
