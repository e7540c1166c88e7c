package dev.unblock.github;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** RSA keys made at test time (no key file is ever committed), in the PEM forms GitHub and OpenSSL use. */
public final class TestKeys {
    private static KeyPair pair;

    private TestKeys() {
    }

    public static synchronized KeyPair pair() {
        if (pair == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return pair;
    }

    public static String pkcs8Pem() {
        return pem("PRIVATE KEY", pair().getPrivate().getEncoded());
    }

    /** The PKCS#1 form GitHub hands out: the RSAPrivateKey inside the PKCS#8 OCTET STRING. */
    public static String pkcs1Pem() {
        return pem("RSA PRIVATE KEY", unwrapPkcs8(pair().getPrivate().getEncoded()));
    }

    static byte[] unwrapPkcs8(byte[] der) {
        int[] at = {0};
        readHeader(der, at); // outer SEQUENCE
        skip(der, at); // version
        skip(der, at); // algorithm identifier
        int length = readHeader(der, at); // OCTET STRING
        return Arrays.copyOfRange(der, at[0], at[0] + length);
    }

    private static void skip(byte[] der, int[] at) {
        int length = readHeader(der, at);
        at[0] += length;
    }

    private static int readHeader(byte[] der, int[] at) {
        at[0]++; // tag
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
