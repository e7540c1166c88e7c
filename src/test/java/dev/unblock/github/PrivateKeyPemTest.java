package dev.unblock.github;

import org.junit.jupiter.api.Test;

import java.security.PrivateKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateKeyPemTest {
    @Test
    void readsThePkcs1KeyGitHubIssuesAsTheSameKey() {
        PrivateKey key = PrivateKeyPem.parse(TestKeys.pkcs1Pem());
        assertThat(key.getEncoded()).isEqualTo(TestKeys.pair().getPrivate().getEncoded());
    }

    @Test
    void readsPkcs8() {
        assertThat(PrivateKeyPem.parse(TestKeys.pkcs8Pem()).getEncoded()).isEqualTo(TestKeys.pair().getPrivate().getEncoded());
    }

    @Test
    void rejectsGarbageWithoutEchoingIt() {
        assertThatThrownBy(() -> PrivateKeyPem.parse("-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> PrivateKeyPem.parse("hunter2")).hasMessageNotContaining("hunter2");
    }
}
