package dev.unblock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into {@code dev/unblock/version.properties}. */
public final class Version implements IVersionProvider {
    private static final String VERSION = read();

    /** e.g. {@code 0.1.0}, or {@code unknown} when the build did not fill it in. */
    public static String get() {
        return VERSION;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"unblock " + VERSION};
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("/dev/unblock/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
