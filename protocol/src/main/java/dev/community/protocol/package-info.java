/**
 * The wire contract of PROTOCOL.md as Java types: the records clients and the server exchange, the JSON
 * codec that reads and writes them, validation of client input, and the contract's error and close codes.
 * Nothing here knows of Netty or JDBC, so the load harness and the storage layer can share it.
 */
package dev.community.protocol;
