/**
 * Durable state: Flyway migrations, JDBC repositories, and the batched {@link MessageWriter} that group-commits
 * messages and assigns each room's {@code seq} inside the transaction. The same code runs on PostgreSQL and on
 * the embedded H2 store (PostgreSQL mode). Nothing here knows of Netty; repository calls block and are made
 * from the server's blocking executor, never from an event loop.
 */
package dev.community.storage;
