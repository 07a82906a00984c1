package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import dev.community.storage.jdbc.SqlDialect;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;

/** Which failures make the pool drop a connection (FullDiskIT shows why over a real full disk). */
class ConnectionEvictionTest {
    private final ConnectionEviction embedded = new ConnectionEviction(SqlDialect.forStore(true));
    private final ConnectionEviction postgres = new ConnectionEviction(SqlDialect.forStore(false));

    @Test
    void aClosedEmbeddedDatabaseOrAFailedStoreWriteEvicts() {
        assertThat(embedded.adjudicate(new SQLException("closed", "90098", ErrorCode.DATABASE_IS_CLOSED)))
                .isEqualTo(Override.MUST_EVICT);
        assertThat(embedded.adjudicate(new SQLException("shutdown", "90121", ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)))
                .isEqualTo(Override.MUST_EVICT);
        SQLException writeFailed = new SQLException("General error", "HY000", ErrorCode.GENERAL_ERROR_1,
                new MVStoreException(2, "Writing to file failed"));
        assertThat(embedded.adjudicate(writeFailed)).isEqualTo(Override.MUST_EVICT);
    }

    @Test
    void anythingElseIsLeftToThePool() {
        assertThat(embedded.adjudicate(new SQLException("duplicate", "23505", ErrorCode.DUPLICATE_KEY_1)))
                .isEqualTo(Override.CONTINUE_EVICT);
        assertThat(embedded.adjudicate(new SQLException("lock", "HYT00", ErrorCode.LOCK_TIMEOUT_1)))
                .isEqualTo(Override.CONTINUE_EVICT);
        // PostgreSQL says "connection lost" in SQLState class 08, which the pool recognizes itself
        assertThat(postgres.adjudicate(new SQLException("terminating connection", "57P01")))
                .isEqualTo(Override.CONTINUE_EVICT);
        assertThat(postgres.adjudicate(new SQLException("connection reset", "08006")))
                .isEqualTo(Override.CONTINUE_EVICT);
    }
}
