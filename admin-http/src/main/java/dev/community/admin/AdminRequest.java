package dev.community.admin;

import io.netty.handler.codec.http.HttpMethod;

/**
 * One request to the admin port, copied off the Netty message so that nothing refers to a buffer once the
 * handler has released it.
 *
 * @param method        the HTTP method
 * @param path          the decoded path, without the query string
 * @param authorization the {@code Authorization} header, or null
 * @param body          the request body (empty when there is none)
 * @param remote        the peer, for the log
 */
record AdminRequest(HttpMethod method, String path, String authorization, byte[] body, String remote) {
}
