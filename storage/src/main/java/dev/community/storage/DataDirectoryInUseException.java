package dev.community.storage;

import java.nio.file.Path;

/**
 * The embedded store's files are locked by another process: a second server started on the same {@code data.dir}.
 * H2 opens a file database for one process only, so this one cannot start; nothing was changed.
 */
public final class DataDirectoryInUseException extends RuntimeException {
    private final Path dataDir;

    public DataDirectoryInUseException(Path dataDir, Throwable cause) {
        super("data directory " + dataDir.toAbsolutePath().normalize() + " is in use by another process (the embedded"
                + " store admits one server at a time): stop the server using it, or give this one its own"
                + " --data.dir=DIR (several servers share data through PostgreSQL: --db.url)", cause);
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
