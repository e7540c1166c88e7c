package dev.unblock.bot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hidden markers that let later runs recognise what was already said: a hash of (path, rule, normalised
 * snippet), never line numbers, so a re-push or rebase does not repeat a suggestion.
 */
public final class Fingerprints {
    private static final Pattern MARKER = Pattern.compile("<!-- unblock:fp=([0-9a-f,]+) -->");

    private Fingerprints() {
    }

    public static String of(String path, String rules, String snippet) {
        String normalized = snippet == null ? "" : snippet.strip().replaceAll("\\s+", " ");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((path + "\0" + rules + "\0" + normalized).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String marker(Iterable<String> fingerprints) {
        return "<!-- unblock:fp=" + String.join(",", fingerprints) + " -->";
    }

    /** Every fingerprint in the markers of {@code text}. */
    public static Set<String> in(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text == null) {
            return found;
        }
        Matcher m = MARKER.matcher(text);
        while (m.find()) {
            for (String fp : m.group(1).split(",")) {
                if (!fp.isEmpty()) {
                    found.add(fp);
                }
            }
        }
        return found;
    }
}
