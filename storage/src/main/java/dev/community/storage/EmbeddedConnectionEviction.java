package dev.community.storage;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.h2.mvstore.MVStoreException;

/**
 * Tells the pool which connections to the embedded store are dead. When H2 cannot write its file (a full disk), it
 * closes the database: every open connection then fails with "database closed" (90098) for good, while a new
 * connection opens the files again and works as soon as there is space. The pool only evicts connections whose
 * errors say "connection lost" (SQLState class 08), which H2's are not, so without this it would hand the dead
 * connections out forever and the node would never recover without a restart ({@code FullDiskIT}).
 */
final class EmbeddedConnectionEviction implements SQLExceptionOverride {
    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MVStoreException) {
                return Override.MUST_EVICT; // the store failed a write or read: H2 closes the database after it
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED
                    || sql.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
