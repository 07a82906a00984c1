package dev.community.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Inserts one transaction's new messages (seqs already assigned) and skips, rather than fails on, every row whose
 * unique key is already taken — almost always a client_id sent again. The caller then looks up only those rows'
 * stored messages; the common batch with no repeat costs no look-up at all. Each store's shape is its dialect's
 * ({@link SqlDialect#messageInsert()}).
 */
interface MessageInsert {

    /** @return the rows not inserted because their key was taken (empty: all inserted) */
    List<MessageRow> insert(Connection connection, List<MessageRow> rows) throws SQLException;
}
