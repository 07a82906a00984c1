package dev.community.server.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by its SHA1 (EVALSHA), sending the source (EVAL, which also caches it) only when Redis does not
 * know it yet: after a start, a restart or a failover to a replica that never saw it.
 */
final class LuaScript {
    private final String source;
    private final String sha;
    private final ScriptOutputType output;

    LuaScript(String source, ScriptOutputType output) {
        this.source = source;
        this.output = output;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            this.sha = HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }

    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletableFuture<T> bySha = redis.<T>evalsha(sha, output, keys, args).toCompletableFuture();
        return bySha.exceptionallyCompose(failure -> isNoScript(failure)
                ? redis.<T>eval(source, output, keys, args).toCompletableFuture()
                : CompletableFuture.failedFuture(failure));
    }

    private static boolean isNoScript(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }
}
