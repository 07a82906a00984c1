/**
 * The Lounge on the public port: the built web client under {@code /lounge/} (static files with content types,
 * cache validators and client-side routes falling back to index.html) and the development sign-in, which is off
 * unless {@code web.dev_sign_in} is set.
 */
package dev.community.server.lounge;
