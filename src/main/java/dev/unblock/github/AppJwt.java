package dev.unblock.github;

import io.jsonwebtoken.Jwts;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** The App's own identity: a short-lived JWT (GitHub accepts at most 10 minutes) signed with the private key. */
public final class AppJwt {
    private final String appId;
    private final PrivateKey key;
    private final Clock clock;

    public AppJwt(String appId, PrivateKey key, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.clock = clock;
    }

    public String create() {
        Instant now = clock.instant();
        // Issued a minute in the past to tolerate clock drift between us and GitHub.
        return Jwts.builder()
                .issuer(appId)
                .issuedAt(Date.from(now.minus(Duration.ofSeconds(60))))
                .expiration(Date.from(now.plus(Duration.ofMinutes(9))))
                .signWith(key, Jwts.SIG.RS256)
                .compact();
    }
}
