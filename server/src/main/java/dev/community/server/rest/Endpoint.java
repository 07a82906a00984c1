package dev.community.server.rest;

import java.util.concurrent.CompletableFuture;

/** One REST operation. Runs on the event loop: anything that blocks must go through the blocking executor. */
@FunctionalInterface
public interface Endpoint {
    CompletableFuture<RestResponse> handle(RestRequest request) throws Exception;
}
