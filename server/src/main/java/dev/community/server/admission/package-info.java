/**
 * Letting a connection in without waiting on the database: what admission needs (rooms, memberships with their read
 * markers, block lists) is held in memory while it is in use and kept current by every path that changes it, and
 * what must still reach the database (first sightings, first joins, cold loads) is grouped, so a reconnect storm
 * costs a few round trips per group rather than several per connection.
 */
package dev.community.server.admission;
