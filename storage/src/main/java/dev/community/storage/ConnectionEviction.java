package dev.community.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import dev.community.storage.jdbc.SqlDialect;
import java.sql.SQLException;

/**
 * Tells the pool which connections are dead though their errors do not say "connection lost" (SQLState class 08,
 * which the pool evicts by itself): the embedded store's after it closed itself on a full disk. Which errors those
 * are is the dialect's to say ({@link SqlDialect#isDeadConnection}); without this the pool would hand the dead
 * connections out forever and the node would never recover without a restart ({@code FullDiskIT}).
 */
final class ConnectionEviction implements SQLExceptionOverride {
    private final SqlDialect dialect;

    ConnectionEviction(SqlDialect dialect) {
        this.dialect = dialect;
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return dialect.isDeadConnection(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
