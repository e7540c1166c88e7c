package dev.unblock.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PublicUrlCheckTest {
    /** No lookups in tests: a name resolves to what the test says. */
    static PublicUrlCheck.Resolver resolvesTo(String address) {
        return host -> new InetAddress[]{InetAddress.getByName(address)};
    }

    static Optional<String> check(String url, boolean githubDotCom, PublicUrlCheck.Resolver resolver) {
        return PublicUrlCheck.problem(URI.create(url), githubDotCom, resolver);
    }

    static final PublicUrlCheck.Resolver NONE = host -> {
        throw new UnknownHostException(host);
    };

    @Test
    void loopbackLinkLocalAndUnspecifiedAddressesAreNeverReachable() {
        assertThat(check("http://127.0.0.1:3000", true, NONE)).hasValue("127.0.0.1 is a loopback address: only this machine can reach it");
        assertThat(check("http://127.8.9.10", false, NONE)).get().asString().contains("loopback");
        assertThat(check("http://[::1]:3000", true, NONE)).get().asString().contains("loopback");
        assertThat(check("http://localhost:3000", false, NONE)).get().asString().contains("localhost is this machine");
        assertThat(check("http://app.localhost", true, NONE)).get().asString().contains("(.localhost)");
        assertThat(check("http://0.0.0.0:3000", true, NONE)).get().asString().contains("unspecified");
        assertThat(check("http://169.254.1.2", true, NONE)).get().asString().contains("link-local");
        assertThat(check("http://[fe80::1]", true, NONE)).get().asString().contains("link-local");
    }

    @Test
    void privateNetworksAreOutOfGitHubComsReachButMayBeAServersNeighbours() {
        for (String host : new String[]{"10.1.2.3", "172.16.0.5", "172.31.255.1", "192.168.1.20", "100.64.0.1", "[fd12:3456::1]"}) {
            assertThat(check("https://" + host, true, NONE)).as(host).get().asString()
                    .contains("a private network address: GitHub.com cannot reach it");
            assertThat(check("https://" + host, false, NONE)).as(host).get().asString()
                    .contains("only a GitHub Enterprise Server on the same network can reach it");
        }
        assertThat(check("https://172.32.0.1", true, NONE)).isEmpty();
        assertThat(check("https://100.128.0.1", true, NONE)).isEmpty();
    }

    @Test
    void namesOnlyALocalNetworkKnowsOrThatResolveToPrivateAddressesAreFlagged() {
        assertThat(check("https://unblock.internal", true, NONE)).get().asString().contains("(.internal), which GitHub.com cannot resolve");
        assertThat(check("https://builds.local:8443", true, NONE)).get().asString().contains("(.local)");
        assertThat(check("https://unblock.acme.test", true, NONE)).get().asString().contains("reserved name (.test)");
        assertThat(check("http://buildbox:3000", true, NONE)).get().asString().contains("a name without a domain");
        assertThat(check("https://unblock.acme.com", true, resolvesTo("10.0.0.7")))
                .hasValue("unblock.acme.com resolves to 10.0.0.7, a private network address: GitHub.com cannot reach it");
        assertThat(check("https://unblock.acme.com", true, resolvesTo("140.82.112.3"))).isEmpty();
        // A name this server cannot resolve says nothing about what GitHub sees.
        assertThat(check("https://unblock.acme.com", true, NONE)).isEmpty();
    }

    @Test
    void publicAddressesPass() {
        assertThat(check("https://140.82.112.3", true, NONE)).isEmpty();
        assertThat(check("https://[2606:50c0:8000::153]", true, NONE)).isEmpty();
    }
}
