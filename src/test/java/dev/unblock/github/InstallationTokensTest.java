package dev.unblock.github;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.RequestSchemas;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InstallationTokensTest {
    final FakeGitHub github = new FakeGitHub();

    @AfterEach
    void stop() {
        github.close();
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void asksWithAJwtSignedByTheAppKeyCachesTheTokenAndRenewsItBeforeTheHourIsUp() throws Exception {
        MovableClock clock = new MovableClock();
        InstallationTokens tokens = new InstallationTokens(URI.create(github.url()),
                new AppJwt("4242", PrivateKeyPem.parse(TestKeys.pkcs1Pem()), clock), clock);

        assertThat(tokens.get(1)).isEqualTo("ghs_first");
        assertThat(tokens.get(1)).isEqualTo("ghs_first");
        List<LoggedRequest> asked = github.requests("POST", "/app/installations/1/access_tokens");
        assertThat(asked).hasSize(1);
        String jwt = asked.get(0).getHeader("Authorization").substring("Bearer ".length());
        Claims claims = Jwts.parser().verifyWith(TestKeys.pair().getPublic()).clock(() -> java.util.Date.from(clock.now))
                .build().parseSignedClaims(jwt).getPayload();
        assertThat(claims.getIssuer()).isEqualTo("4242");
        assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(RequestSchemas.problems("POST /app/installations/{installation_id}/access_tokens", github.json(asked.get(0))))
                .isEmpty();

        // 55 minutes later the cached token (valid for 60) is within the refresh margin: a new one is fetched.
        clock.now = clock.now.plus(Duration.ofMinutes(55));
        github.stubToken("ghs_second", 60 + 55);
        assertThat(tokens.get(1)).isEqualTo("ghs_second");
        assertThat(github.requests("POST", "/app/installations/1/access_tokens")).hasSize(2);
    }
}
