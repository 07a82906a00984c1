package dev.community.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HS256 secret a first run creates for itself in {@code data.dir}, so a server with nothing configured
 * is usable and still has a secret nobody else knows (there is never a built-in default). Shared by the
 * loader and by the launcher's token-minting command, which must sign with the same secret.
 */
public final class JwtSecretFile {

    /** The file's name inside {@code data.dir}. */
    public static final String FILE_NAME = "jwt-secret";
    /** HS256 keys shorter than the hash output (32 bytes) weaken the MAC (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    /** 384 random bits: more than HS256 needs, encoded as 64 URL-safe characters a host app can copy. */
    static final int GENERATED_BYTES = 48;

    private static final Logger LOG = LoggerFactory.getLogger(JwtSecretFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.complementOf(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    private static final SecureRandom RANDOM = new SecureRandom();

    private JwtSecretFile() {
    }

    /** Where the secret lives for a given data directory. */
    public static Path path(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * The secret in {@code <dataDir>/jwt-secret}: read if the file exists, otherwise created (with the data
     * directory if needed) from {@value #GENERATED_BYTES} SecureRandom bytes, base64url-encoded, readable
     * by the owner only.
     *
     * @throws ConfigException if the file is empty, too short, or cannot be read or written
     */
    public static String readOrCreate(Path dataDir) {
        Path file = path(dataDir);
        if (Files.exists(file)) {
            return read(file);
        }
        try {
            createDirectories(dataDir);
            return create(file);
        } catch (IOException e) {
            throw new ConfigException("auth.jwt.secret is not set and no secret could be generated in " + file
                    + " (data.dir must be writable): " + e, e);
        }
    }

    private static String read(Path file) {
        String secret;
        try {
            secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException("auth.jwt.secret file " + file + " cannot be read: " + e, e);
        }
        if (secret.isEmpty()) {
            throw new ConfigException("auth.jwt.secret file " + file
                    + " is empty: delete it to have a new secret generated, or write one of at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            throw new ConfigException("auth.jwt.secret file " + file + " must hold at least " + MIN_SECRET_BYTES
                    + " bytes (got " + bytes + ")");
        }
        warnIfShared(file);
        return secret;
    }

    /**
     * Writes the new secret to a private temporary file and links it into place, so two processes
     * starting on one data directory at once both end up with whichever secret landed first, and nobody
     * ever reads a half-written file.
     */
    private static String create(Path file) throws IOException {
        byte[] random = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", ownerOnly(dir, OWNER_ONLY_FILE));
        try {
            restrictWithoutPosix(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer content = ByteBuffer.wrap(secret.getBytes(StandardCharsets.UTF_8));
                while (content.hasRemaining()) {
                    channel.write(content);
                }
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                // Some file systems have no hard links; a plain move still never replaces an existing file.
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    return read(file);
                }
            }
            LOG.info("auth.jwt.secret is not set: generated a new HS256 secret in {} (share it with the "
                    + "application that issues tokens, or set auth.jwt.secret)", file);
            return secret;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createDirectories(Path dataDir) throws IOException {
        if (Files.isDirectory(dataDir)) {
            return;
        }
        Path parent = dataDir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            // The data directory will hold the secret and the embedded store: keep it private too.
            Files.createDirectory(dataDir, ownerOnly(parent == null ? dataDir : parent, OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(dataDir)) {
                throw raced;
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path onFileSystemOf, Set<PosixFilePermission> permissions) {
        return supportsPosix(onFileSystemOf)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** Where POSIX permissions do not exist, fall back to the owner-only flags java.io.File can set. */
    private static void restrictWithoutPosix(Path file) {
        if (supportsPosix(file)) {
            return;
        }
        java.io.File f = file.toFile();
        boolean restricted = f.setReadable(false, false) && f.setReadable(true, true)
                && f.setWritable(false, false) && f.setWritable(true, true);
        if (!restricted) {
            LOG.warn("could not restrict {} to its owner; protect it by other means", file);
        }
    }

    private static void warnIfShared(Path file) {
        if (!supportsPosix(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!Collections.disjoint(permissions, GROUP_OR_OTHERS)) {
                LOG.warn("{} holds the JWT secret but is accessible to others ({}); chmod 600 it",
                        file, PosixFilePermissions.toString(permissions));
            }
        } catch (IOException e) {
            LOG.debug("cannot read the permissions of {}", file, e);
        }
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
