package dev.community.server.cluster;

import dev.community.protocol.JsonCodec;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.LocalConnectionTokens;
import dev.community.server.auth.Principal;
import dev.community.server.auth.TokenBytes;
import dev.community.storage.StorageUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connection tokens in the cluster's {@link TokenStore}, so a token issued by one node works on any node, once: issuing
 * puts the principal under the token for {@link #TTL_SECONDS}, redeeming takes it (atomically, so two nodes can never
 * both redeem it).
 *
 * <p>While the store does not answer, a token is issued from this node's memory instead: it works on this node only
 * (a client that lands elsewhere asks again), which keeps a node serving its own clients through an outage.
 */
final class ClusterConnectionTokens implements ConnectionTokens {
    private final TokenStore store;
    private final LocalConnectionTokens fallback;
    private final JsonCodec json;
    private final ClusterMetrics metrics;

    ClusterConnectionTokens(TokenStore store, LocalConnectionTokens fallback, JsonCodec json, ClusterMetrics metrics) {
        this.store = store;
        this.fallback = fallback;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<String> issueAsync(Principal principal) {
        String token = TokenBytes.draw();
        String value = new String(json.writeBytes(principal), StandardCharsets.UTF_8);
        return store.put(token, value, Duration.ofSeconds(TTL_SECONDS))
                .handle((ok, failure) -> {
                    if (failure == null) {
                        return token;
                    }
                    metrics.fallback("token_issue");
                    return fallback.issue(principal);
                });
    }

    @Override
    public CompletableFuture<Principal> redeemAsync(String token) {
        if (token == null || token.isEmpty()) {
            return CompletableFuture.failedFuture(new AuthenticationException("unknown or already used connection token"));
        }
        try {
            // Issued here while Redis was down: spent here.
            return CompletableFuture.completedFuture(fallback.redeem(token));
        } catch (AuthenticationException notLocal) {
            // the usual case: the token lives in the store
        }
        return store.take(token)
                .handle((value, failure) -> {
                    if (failure != null) {
                        metrics.fallback("token_redeem");
                        throw new StorageUnavailableException("connection tokens are unavailable: " + failure, failure);
                    }
                    if (value == null) {
                        throw new java.util.concurrent.CompletionException(
                                new AuthenticationException("unknown or already used connection token"));
                    }
                    return json.readValue(value.getBytes(StandardCharsets.UTF_8), Principal.class);
                });
    }

    /** Blocks for the store: for tools and tests only, never on an event loop (the server uses {@link #issueAsync}). */
    @Override
    public String issue(Principal principal) {
        return await(issueAsync(principal));
    }

    /** Blocks for the store: for tools and tests only, never on an event loop (the server uses {@link #redeemAsync}). */
    @Override
    public Principal redeem(String token) throws AuthenticationException {
        try {
            return redeemAsync(token).get(2 * ClusterSettings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException auth) {
                throw auth;
            }
            throw new StorageUnavailableException("connection tokens are unavailable", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted", e);
        } catch (TimeoutException e) {
            throw new StorageUnavailableException("connection tokens are unavailable", e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(2 * ClusterSettings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new StorageUnavailableException("connection tokens are unavailable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted", e);
        }
    }
}
