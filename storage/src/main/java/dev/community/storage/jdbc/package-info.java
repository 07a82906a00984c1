/**
 * The JDBC implementations of the storage interfaces: plain PreparedStatements over one small helper
 * ({@link dev.community.storage.jdbc.Jdbc}) and shared row mappers ({@link dev.community.storage.jdbc.Rows}),
 * written once for both PostgreSQL and H2 in PostgreSQL mode. Only SQL both accept is used here:
 * {@code ON CONFLICT DO NOTHING} (never {@code DO UPDATE}), {@code FOR UPDATE}, no {@code RETURNING}.
 */
package dev.community.storage.jdbc;
