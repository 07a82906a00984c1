package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.Test;

/** Which embedded-store failures make the pool drop a connection (FullDiskIT shows why over a real full disk). */
class EmbeddedConnectionEvictionTest {
    private final EmbeddedConnectionEviction eviction = new EmbeddedConnectionEviction();

    @Test
    void aClosedDatabaseOrAFailedStoreWriteEvicts() {
        assertThat(eviction.adjudicate(new SQLException("closed", "90098", ErrorCode.DATABASE_IS_CLOSED)))
                .isEqualTo(Override.MUST_EVICT);
        assertThat(eviction.adjudicate(new SQLException("shutdown", "90121", ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)))
                .isEqualTo(Override.MUST_EVICT);
        SQLException writeFailed = new SQLException("General error", "HY000", ErrorCode.GENERAL_ERROR_1,
                new MVStoreException(2, "Writing to file failed"));
        assertThat(eviction.adjudicate(writeFailed)).isEqualTo(Override.MUST_EVICT);
    }

    @Test
    void anythingElseIsLeftToThePool() {
        assertThat(eviction.adjudicate(new SQLException("duplicate", "23505", ErrorCode.DUPLICATE_KEY_1)))
                .isEqualTo(Override.CONTINUE_EVICT);
        assertThat(eviction.adjudicate(new SQLException("lock", "HYT00", ErrorCode.LOCK_TIMEOUT_1)))
                .isEqualTo(Override.CONTINUE_EVICT);
    }
}
