package dev.unblock.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether GitHub can deliver webhooks to the public URL: not to a loopback, link-local or unspecified address, and
 * (GitHub.com) not to a private network, nor to a name only a local network knows ({@code .local}, {@code .internal},
 * a name without a dot) or that resolves to such an address here. A name that does not resolve here says nothing.
 */
final class PublicUrlCheck {
    /** Resolves a host name to its addresses. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The system's resolver (callers bound how long they wait for the answer). */
    static final Resolver DNS = InetAddress::getAllByName;

    private static final String[] LOCAL_SUFFIXES = {".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet",
            ".corp", ".private"};
    /** Names reserved for tests and documentation (RFC 6761): no public DNS resolves them. */
    private static final String[] RESERVED_SUFFIXES = {".test", ".example", ".invalid"};

    private PublicUrlCheck() {
    }

    /**
     * Why GitHub cannot reach {@code publicUrl}, or empty. {@code githubDotCom}: private addresses are out of reach;
     * a GitHub Enterprise Server on the same network may reach them.
     */
    static Optional<String> problem(URI publicUrl, boolean githubDotCom, Resolver resolver) {
        String host = publicUrl.getHost();
        if (host == null) {
            return Optional.of("it has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress literal = literal(host);
        if (literal != null) {
            return unreachable(literal, githubDotCom).map(why -> host(publicUrl) + " is " + why);
        }
        if (host.equals("localhost")) {
            return Optional.of("localhost is this machine: only it can reach the address");
        }
        for (String suffix : LOCAL_SUFFIXES) {
            if (host.endsWith(suffix)) {
                return Optional.of(host + " is a name of a local network (" + suffix + "), which "
                        + (githubDotCom ? "GitHub.com cannot resolve" : "only machines on that network can resolve"));
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (host.endsWith(suffix)) {
                return Optional.of(host + " is a reserved name (" + suffix + ") that no public DNS resolves");
            }
        }
        if (!host.contains(".")) {
            return Optional.of(host + " is a name without a domain, which only the local network can resolve");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> why = unreachable(address, githubDotCom);
            if (why.isPresent()) {
                return Optional.of(host + " resolves to " + address.getHostAddress() + ", " + why.get());
            }
        }
        return Optional.empty();
    }

    private static String host(URI url) {
        return url.getHost();
    }

    /** The address when the host is an IP literal (no lookup happens for those), else null. */
    private static InetAddress literal(String host) {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static Optional<String> unreachable(InetAddress address, boolean githubDotCom) {
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address: only this machine can reach it");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address, which names no machine");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address: only machines on the same network link can reach it");
        }
        if (isPrivate(address)) {
            return Optional.of("a private network address: " + (githubDotCom ? "GitHub.com cannot reach it"
                    : "only a GitHub Enterprise Server on the same network can reach it"));
        }
        return Optional.empty();
    }

    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return address.isSiteLocalAddress() || (first == 100 && second >= 64 && second <= 127); // 100.64/10: carrier NAT
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress(); // fc00::/7 unique local
        }
        return false;
    }
}
