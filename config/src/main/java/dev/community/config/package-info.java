/**
 * The server's one immutable configuration: defaults, then an optional properties file, then
 * {@code COMMUNITY_*} environment variables, then {@code --key=value} flags; validated once at start-up
 * with errors that name the offending key. With no JWT key configured, an HS256 secret is generated once
 * in the data directory ({@link dev.community.config.JwtSecretFile}) — there is no built-in default secret.
 */
package dev.community.config;
