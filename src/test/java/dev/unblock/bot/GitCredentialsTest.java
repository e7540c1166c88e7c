package dev.unblock.bot;

import com.sun.net.httpserver.HttpServer;
import dev.unblock.git.RepositoryCache;
import dev.unblock.github.AppJwt;
import dev.unblock.github.InstallationTokens;
import dev.unblock.github.PrivateKeyPem;
import dev.unblock.github.TestKeys;
import dev.unblock.testing.FakeGitHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Over HTTP, the installation token reaches git only as Basic credentials on a challenge, never in the URL. */
class GitCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void theTokenGoesToGitAsCredentialsNotInTheUrl() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer git = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        git.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(exchange.getRequestURI() + " " + auth);
            if (auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"GitHub\"");
                exchange.sendResponseHeaders(401, -1);
            } else {
                exchange.sendResponseHeaders(404, -1); // enough: the test only looks at what was sent
            }
            exchange.close();
        });
        git.start();
        try (FakeGitHub github = new FakeGitHub(); RepositoryCache cache = new RepositoryCache(dir)) {
            Clock clock = Clock.systemUTC();
            InstallationTokens tokens = new InstallationTokens(URI.create(github.url()),
                    new AppJwt("1", PrivateKeyPem.parse(TestKeys.pkcs1Pem()), clock), clock);
            String url = "http://127.0.0.1:" + git.getAddress().getPort() + "/Codertocat/Hello-World.git";
            RepoWork work = new RepoWork(cache, tokens, null, 1, 186853002, url);

            Throwable failure = catchThrowable(work::fetch);

            assertThat(failure).isNotNull().hasMessageNotContaining("ghs_first");
            String basic = "Basic " + Base64.getEncoder().encodeToString("x-access-token:ghs_first".getBytes(StandardCharsets.UTF_8));
            assertThat(seen).anySatisfy(line -> assertThat(line).endsWith(" " + basic));
            assertThat(seen).allSatisfy(line -> assertThat(line.split(" ")[0]).doesNotContain("ghs_first")
                    .startsWith("/Codertocat/Hello-World.git/info/refs"));
        } finally {
            git.stop(0);
        }
    }
}
