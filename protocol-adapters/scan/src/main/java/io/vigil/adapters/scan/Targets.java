package io.vigil.adapters.scan;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the operator's target list ({@code host}, {@code host:port}, {@code a.b.c.d/nn}) into scan targets. Only what
 * is listed is scanned: a CIDR block expands to its hosts (network and broadcast addresses left out above /31), and a
 * block wider than {@value #MAX_CIDR_HOSTS} addresses is refused rather than silently cut.
 */
public final class Targets {
    /** The widest block the scanner expands: a /24. */
    public static final int MAX_CIDR_HOSTS = 256;

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})/(\\d{1,2})");
    private static final Pattern HOST_PORT = Pattern.compile("([^:\\s/]+):(\\d{1,5})");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+");

    private Targets() {}

    /** Expands the targets; ports apply to every entry without an explicit port. Duplicates are dropped. */
    public static List<ScanTarget> parse(List<String> specs, List<Integer> ports) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException("no targets given (host, host:port or a.b.c.d/nn)");
        }
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("no ports given");
        }
        var out = new LinkedHashSet<ScanTarget>();
        for (String spec : specs) {
            out.addAll(parseOne(spec.trim(), ports));
        }
        return List.copyOf(out);
    }

    private static List<ScanTarget> parseOne(String spec, List<Integer> ports) {
        var cidr = CIDR.matcher(spec);
        if (cidr.matches()) {
            return withPorts(expand(spec, cidr.group(1), Integer.parseInt(cidr.group(2))), ports);
        }
        var hostPort = HOST_PORT.matcher(spec);
        if (hostPort.matches()) {
            int port = Integer.parseInt(hostPort.group(2));
            return List.of(new ScanTarget(hostPort.group(1), checkPort(port, spec), true));
        }
        if (HOST.matcher(spec).matches()) {
            return withPorts(List.of(spec), ports);
        }
        throw new IllegalArgumentException("'" + spec + "' is not a host, host:port or a.b.c.d/nn block");
    }

    private static int checkPort(int port, String spec) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " in '" + spec + "' is not in 1..65535");
        }
        return port;
    }

    private static List<ScanTarget> withPorts(List<String> hosts, List<Integer> ports) {
        var out = new ArrayList<ScanTarget>();
        for (String host : hosts) {
            for (int port : ports) {
                out.add(new ScanTarget(host, checkPort(port, host), false));
            }
        }
        return out;
    }

    private static List<String> expand(String spec, String base, int prefix) {
        if (prefix > 32) {
            throw new IllegalArgumentException("prefix /" + prefix + " in '" + spec + "' is not in 0..32");
        }
        long size = 1L << (32 - prefix);
        if (size > MAX_CIDR_HOSTS) {
            throw new IllegalArgumentException("'" + spec + "' holds " + size + " addresses; the scanner expands at"
                    + " most a /24 (" + MAX_CIDR_HOSTS + "): list smaller blocks, on purpose");
        }
        long network = toLong(spec, base) & (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
        long first = size > 2 ? network + 1 : network;
        long last = size > 2 ? network + size - 2 : network + size - 1;
        var hosts = new ArrayList<String>();
        for (long a = first; a <= last; a++) {
            hosts.add(((a >> 24) & 0xFF) + "." + ((a >> 16) & 0xFF) + "." + ((a >> 8) & 0xFF) + "." + (a & 0xFF));
        }
        return hosts;
    }

    private static long toLong(String spec, String dotted) {
        try {
            byte[] b = InetAddress.getByName(dotted).getAddress();
            return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        } catch (UnknownHostException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + spec + "' is not an IPv4 block");
        }
    }
}
