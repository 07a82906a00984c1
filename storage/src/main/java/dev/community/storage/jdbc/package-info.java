/**
 * The JDBC implementations of the storage interfaces: plain PreparedStatements over one small helper
 * ({@link dev.community.storage.jdbc.Jdbc}) and shared row mappers ({@link dev.community.storage.jdbc.Rows}),
 * written once for both PostgreSQL and H2 in PostgreSQL mode. Whatever the two write differently — skipping a
 * duplicate, locking rows (and skipping locked ones), what an SQLState means, text search, the webhook outbox's heads
 * query, the message insert's shape, query planning — the repositories ask of the store's
 * {@link dev.community.storage.jdbc.SqlDialect}: {@link dev.community.storage.jdbc.PostgresDialect} or
 * {@link dev.community.storage.jdbc.H2Dialect}, one file per database. Otherwise only SQL both accept is used here
 * (never {@code ON CONFLICT DO UPDATE}, no {@code RETURNING} outside the PostgreSQL insert).
 */
package dev.community.storage.jdbc;
