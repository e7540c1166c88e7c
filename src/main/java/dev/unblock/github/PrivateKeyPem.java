package dev.unblock.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the App's RSA private key from PEM. GitHub issues PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) while the JDK
 * reads only PKCS#8, so a PKCS#1 key is wrapped in a PKCS#8 PrivateKeyInfo here.
 */
public final class PrivateKeyPem {
    /** AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] VERSION_ZERO = {0x02, 0x01, 0x00};

    private PrivateKeyPem() {
    }

    /** Parses PKCS#1 or PKCS#8 PEM text; the message of the exception never contains key material. */
    public static PrivateKey parse(String pem) {
        boolean pkcs1 = pem.contains("-----BEGIN RSA PRIVATE KEY-----");
        boolean pkcs8 = pem.contains("-----BEGIN PRIVATE KEY-----");
        if (!pkcs1 && !pkcs8) {
            throw new IllegalArgumentException("not a PEM RSA private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM key's base64 body is damaged");
        }
        try {
            byte[] info = pkcs1 ? wrapPkcs1(der) : der;
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(info));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM key is not a readable RSA private key");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(VERSION_ZERO);
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, content.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
