package dev.community.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.community.config.ServerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import dev.community.storage.jdbc.Jdbc;
import dev.community.storage.jdbc.JdbcBlockRepository;
import dev.community.storage.jdbc.JdbcDirectMessageRepository;
import dev.community.storage.jdbc.JdbcMembershipRepository;
import dev.community.storage.jdbc.JdbcMessageEditRepository;
import dev.community.storage.jdbc.JdbcModerationRepository;
import dev.community.storage.jdbc.JdbcPinRepository;
import dev.community.storage.jdbc.JdbcReactionRepository;
import dev.community.storage.jdbc.JdbcReportRepository;
import dev.community.storage.jdbc.JdbcThreadRepository;
import dev.community.storage.jdbc.JdbcMessageRepository;
import dev.community.storage.jdbc.JdbcMessageWriter;
import dev.community.storage.jdbc.JdbcRoomRepository;
import dev.community.storage.jdbc.JdbcRetentionRepository;
import dev.community.storage.jdbc.JdbcSearchRepository;
import dev.community.storage.jdbc.SqlDialect;
import dev.community.storage.jdbc.JdbcUserRepository;
import dev.community.storage.jdbc.JdbcWebhookOutbox;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store as one object: the connection pool, the migrated schema, every repository and the
 * batched {@link MessageWriter}. Built once at start-up by {@link #open}; closed last in the shutdown order
 * (after the sockets, so nothing submits any more), which drains the writer and then closes the pool.
 *
 * <p>With no {@code db.url} the store is embedded: an H2 file database under {@code <data.dir>/db/community}
 * in PostgreSQL mode, driven by the same JDBC code and the same Flyway migrations as PostgreSQL.
 */
public final class Storage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    /**
     * How long a caller waits for a pooled connection. Short on purpose: when the database is down, sends
     * and REST calls answer {@code unavailable} within this time instead of piling up behind the pool.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    /** How long {@link #isReachable()} lets the database answer its validity check. */
    static final Duration REACHABLE_TIMEOUT = Duration.ofSeconds(1);

    /** How long {@link #close()} lets the writer commit what is still queued before failing it. */
    static final Duration CLOSE_DRAIN = Duration.ofSeconds(5);

    /**
     * Embedded H2 URL flags, each for a reason:
     * <ul>
     *   <li>{@code MODE=PostgreSQL}: accept the PostgreSQL dialect the repositories speak
     *       ({@code ON CONFLICT DO NOTHING}, {@code FOR UPDATE}, ...).</li>
     *   <li>{@code DATABASE_TO_LOWER=TRUE}: unquoted identifiers fold to lower case as in PostgreSQL, so
     *       metadata and Flyway's history table look the same on both.</li>
     *   <li>{@code DEFAULT_NULL_ORDERING=HIGH}: NULLs sort last ascending and first descending, as in
     *       PostgreSQL.</li>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook must not close the database under the
     *       writer while the server drains it; {@link #close()} closes it in order.</li>
     *   <li>{@code LOCK_TIMEOUT=10000}: the writer holds a room's row lock for a whole batch; H2's default
     *       of one second would fail concurrent room updates that PostgreSQL simply waits for.</li>
     *   <li>{@code WRITE_DELAY=0}: write every commit to the file before acknowledging it, so an acknowledged
     *       message survives a crash and not only a clean close (the writer's group commits keep this
     *       cheap). It also stops H2's background thread, and with it H2's chunk compaction:
     *       {@link EmbeddedCompaction} does that instead.</li>
     * </ul>
     */
    static final String H2_FLAGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private final boolean embedded;
    /** The embedded store's chunk compaction when this store owns an H2 file database, else null. */
    private final EmbeddedCompaction compaction;
    private final UserRepository users;
    private final RoomRepository rooms;
    private final MembershipRepository memberships;
    private final MessageRepository messages;
    private final MessageWriter writer;
    private final MessageEditRepository messageEdits;
    private final ReactionRepository reactions;
    private final PinRepository pins;
    private final ReportRepository reports;
    private final ModerationRepository moderation;
    private final ThreadRepository threads;
    private final DirectMessageRepository directMessages;
    private final BlockRepository blocks;
    private final SearchRepository search;
    private final RetentionRepository retention;
    private final Jdbc jdbc;
    private final WebhookOutbox webhookOutbox;

    private Storage(DataSource dataSource, AutoCloseable ownedPool, boolean embedded,
            ServerConfig.WriterConfig writerConfig, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.embedded = embedded;
        migrate(dataSource);
        // every difference between PostgreSQL and the embedded H2 store, chosen once
        SqlDialect dialect = SqlDialect.forStore(embedded);
        Jdbc jdbc = new Jdbc(dataSource, dialect);
        this.jdbc = jdbc;
        this.webhookOutbox = new JdbcWebhookOutbox(jdbc);
        this.users = new JdbcUserRepository(jdbc);
        this.rooms = new JdbcRoomRepository(jdbc);
        this.memberships = new JdbcMembershipRepository(jdbc);
        this.messages = new JdbcMessageRepository(jdbc);
        this.messageEdits = new JdbcMessageEditRepository(jdbc);
        this.reactions = new JdbcReactionRepository(jdbc);
        this.pins = new JdbcPinRepository(jdbc);
        this.reports = new JdbcReportRepository(jdbc);
        this.moderation = new JdbcModerationRepository(jdbc);
        this.threads = new JdbcThreadRepository(jdbc);
        this.directMessages = new JdbcDirectMessageRepository(jdbc);
        this.blocks = new JdbcBlockRepository(jdbc);
        this.retention = new JdbcRetentionRepository(jdbc);
        this.search = new JdbcSearchRepository(jdbc);
        this.writer = JdbcMessageWriter.forStore(dataSource, dialect, writerConfig, meters);
        // WRITE_DELAY=0 turns H2's own housekeeping off: without this the file and the heap grow with every commit
        this.compaction = embedded && ownedPool != null ? new EmbeddedCompaction(dataSource, meters) : null;
        if (compaction != null) {
            compaction.start();
        }
    }

    /**
     * Opens the configured store: PostgreSQL at {@code db.url}, or the embedded H2 file database under
     * {@code dataDir} when no URL is set. Creates the pool (HikariCP, {@code db.pool_size}, its metrics in
     * {@code meters}), migrates the schema and starts the message writer.
     *
     * @throws StorageUnavailableException when the database cannot be reached or migrated
     * @throws DataDirectoryInUseException when another process has the embedded store under {@code dataDir} open
     */
    public static Storage open(ServerConfig.DatabaseConfig db, Path dataDir, ServerConfig.WriterConfig writer,
            MeterRegistry meters) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("community");
        hikari.setMaximumPoolSize(db.poolSize());
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        hikari.setValidationTimeout(REACHABLE_TIMEOUT.toMillis());
        hikari.setMetricRegistry(meters);
        if (db.embedded()) {
            hikari.setJdbcUrl(embeddedUrl(dataDir));
            hikari.setUsername("sa");
            hikari.setPassword("");
        } else {
            hikari.setJdbcUrl(db.url().orElseThrow());
            // the writer's JDBC batch inserts become multi-row INSERTs: one round trip per group commit
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            db.user().ifPresent(hikari::setUsername);
            db.password().ifPresent(hikari::setPassword);
        }
        SqlDialect dialect = SqlDialect.forStore(db.embedded());
        // errors that leave a connection dead without saying so in SQLState class 08 (the embedded store's)
        hikari.setExceptionOverride(new ConnectionEviction(dialect));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            if (dialect.isHeldByAnotherProcess(e)) {
                throw new DataDirectoryInUseException(dataDir, e);
            }
            throw new StorageUnavailableException("cannot connect to the database: " + e.getMessage(), e);
        }
        try {
            Storage storage = new Storage(pool, pool, db.embedded(), writer, meters);
            LOG.info("storage open: {}", db.embedded() ? "embedded H2 under " + dataDir.toAbsolutePath() : "PostgreSQL");
            return storage;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * A store over a DataSource the caller keeps owning (tests, tools): migrates it and starts the writer;
     * {@link #close()} drains the writer but leaves the DataSource open.
     *
     * @param embedded whether this is the embedded H2 store (reported by {@link #embedded()})
     */
    public static Storage using(DataSource dataSource, boolean embedded, ServerConfig.WriterConfig writer,
            MeterRegistry meters) {
        return new Storage(dataSource, null, embedded, writer, meters);
    }

    /** The JDBC URL of the embedded store under {@code dataDir} (created if missing). */
    public static String embeddedUrl(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().resolve("db");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return "jdbc:h2:file:" + dir.resolve("community") + H2_FLAGS;
    }

    /**
     * Flyway as every store migrates. On PostgreSQL, Flyway then serialises migrating nodes with a session-level
     * advisory lock instead of one held in an open transaction: a {@code CREATE INDEX CONCURRENTLY} (V20) waits for
     * every older transaction, so it would wait for Flyway's own forever.
     */
    static FluentConfiguration flyway() {
        FluentConfiguration config = Flyway.configure();
        config.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return config.locations("classpath:db/migration").failOnMissingLocations(true);
    }

    /** Applies the Flyway migrations under {@code db/migration}; both stores share one script set. */
    static void migrate(DataSource dataSource) {
        try {
            flyway()
                    .dataSource(dataSource)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new StorageUnavailableException("database migration failed: " + e.getMessage(), e);
        }
    }

    public UserRepository users() {
        return users;
    }

    public RoomRepository rooms() {
        return rooms;
    }

    public MembershipRepository memberships() {
        return memberships;
    }

    public MessageRepository messages() {
        return messages;
    }

    /** The batched message writer; its thread runs from {@link #open} to {@link #close()}. */
    public MessageWriter writer() {
        return writer;
    }

    public MessageEditRepository messageEdits() {
        return messageEdits;
    }

    public ReactionRepository reactions() {
        return reactions;
    }

    public PinRepository pins() {
        return pins;
    }

    public ReportRepository reports() {
        return reports;
    }

    public ModerationRepository moderation() {
        return moderation;
    }

    public ThreadRepository threads() {
        return threads;
    }

    public DirectMessageRepository directMessages() {
        return directMessages;
    }

    public BlockRepository blocks() {
        return blocks;
    }

    /** Search and the mentions inbox across rooms. */
    public SearchRepository search() {
        return search;
    }

    /** Per-room retention settings and the batched purge of expired messages. */
    public RetentionRepository retention() {
        return retention;
    }

    /** The outbox of outgoing webhooks. */
    public WebhookOutbox webhookOutbox() {
        return webhookOutbox;
    }

    /**
     * Registers who is told of every change inside its transaction (the server's webhook outbox): the repositories'
     * changes and the message writer's batches. Set once at start-up, before the first change.
     */
    public void changeEvents(ChangeEvents events) {
        jdbc.events(events);
        writer.outbox(events);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether this is the embedded H2 store (no {@code db.url}). */
    public boolean embedded() {
        return embedded;
    }

    /**
     * Whether the database answers a validity check now (for {@code /ready}). Waits at most the pool's
     * connection timeout for a connection plus {@link #REACHABLE_TIMEOUT} for the check.
     */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, REACHABLE_TIMEOUT.toSeconds()));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("database not reachable: {}", e.toString());
            return false;
        }
    }

    /**
     * Drains the writer (committing what is queued, for at most {@link #CLOSE_DRAIN}) and then closes the
     * pool if this store owns it.
     */
    @Override
    public void close() {
        writer.drain(CLOSE_DRAIN);
        if (compaction != null) {
            compaction.close();
        }
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                LOG.warn("closing the connection pool failed: {}", e.toString());
            }
        }
    }
}
