/**
 * The server's one immutable configuration: defaults, then an optional properties file, then
 * {@code COMMUNITY_*} environment variables, then {@code --key=value} flags; validated once at start-up
 * with errors that name the offending key.
 */
package dev.community.config;
