/**
 * The public server: Netty bootstrap, the application class that wires storage, rooms and the pipelines
 * together and owns the shutdown order, and the command line.
 */
package dev.community.server;
