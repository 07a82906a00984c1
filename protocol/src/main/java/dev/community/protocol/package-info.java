/**
 * The wire contract of PROTOCOL.md as Java types: the records clients and the server exchange, the JSON
 * codec that reads and writes them, validation of client input, and the contract's error and close codes.
 * Nothing here knows of Netty or JDBC, so the load harness and the storage layer can share it.
 *
 * <p>Entry points: {@link dev.community.protocol.JsonCodec} (one per process; encodes events and REST bodies,
 * decodes and validates client frames), {@link dev.community.protocol.MessageValidator} (the message rules,
 * shared by the {@code send_message} frame and the REST message endpoints), and
 * {@link dev.community.protocol.ProtocolException}, which every rejection of client input throws with the
 * {@link dev.community.protocol.ErrorCode} to answer.
 */
package dev.community.protocol;
