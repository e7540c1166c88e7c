package dev.unblock.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The App's credentials as the setup page stored them: {@code DATA_DIR/app/} (mode 0700) holding
 * {@code app-id}, {@code private-key.pem}, {@code webhook-secret} and {@code install-url}, each mode 0600.
 * {@code app-id} is written last, so its presence means the set is complete.
 */
public final class StoredCredentials {
    static final String APP_ID = "app-id";
    static final String PRIVATE_KEY = "private-key.pem";
    static final String WEBHOOK_SECRET = "webhook-secret";
    static final String INSTALL_URL = "install-url";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    /** What the manifest conversion handed out; toString never shows the key or the secret. */
    public record Credentials(String appId, String privateKeyPem, String webhookSecret, String installUrl) {
        @Override
        public String toString() {
            return "Credentials[appId=" + appId + ", installUrl=" + installUrl + "]";
        }
    }

    private final Path dir;

    public StoredCredentials(Path dataDir) {
        this.dir = dataDir.resolve("app");
    }

    public Path dir() {
        return dir;
    }

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(APP_ID));
    }

    public Optional<Credentials> load() throws IOException {
        if (!exists()) {
            return Optional.empty();
        }
        String install = Files.isRegularFile(dir.resolve(INSTALL_URL)) ? read(INSTALL_URL) : null;
        return Optional.of(new Credentials(read(APP_ID), read(PRIVATE_KEY), read(WEBHOOK_SECRET), install));
    }

    /** The install link only (not secret); null when not set up. */
    public String installUrl() {
        try {
            return Files.isRegularFile(dir.resolve(INSTALL_URL)) ? read(INSTALL_URL) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Writes the set atomically per file, owner-only; refuses to overwrite an existing set. */
    public synchronized void save(Credentials c) throws IOException {
        if (exists()) {
            throw new FileAlreadyExistsException(dir.resolve(APP_ID).toString(), null, "the App is already set up");
        }
        Files.createDirectories(dir, posix() ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_DIR)}
                : new FileAttribute<?>[0]);
        if (posix()) {
            Files.setPosixFilePermissions(dir, OWNER_DIR);
        }
        write(PRIVATE_KEY, c.privateKeyPem());
        write(WEBHOOK_SECRET, c.webhookSecret());
        if (c.installUrl() != null) {
            write(INSTALL_URL, c.installUrl());
        }
        write(APP_ID, c.appId());
    }

    private void write(String name, String content) throws IOException {
        Path tmp = posix() ? Files.createTempFile(dir, name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, name, ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
    }

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
