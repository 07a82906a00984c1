package dev.community.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Connection tokens are drawn without a process-wide lock: a DRBG per thread, never the shared NativePRNG. */
class TokenBytesTest {

    @Test
    void eachThreadDrawsFromItsOwnDrbg() throws Exception {
        assertThat(TokenBytes.generator().getAlgorithm()).isEqualTo("DRBG");
        assertThat(TokenBytes.generator()).isNotSameAs(TokenBytes.generator());
    }

    @Test
    void tokensAre256RandomBitsInBase64UrlAndDistinctAcrossThreads() throws Exception {
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            drawn.add(TokenBytes.draw());
        }
        drawn.add(CompletableFuture.supplyAsync(TokenBytes::draw).get());
        assertThat(drawn).hasSize(101).allMatch(token -> token.matches("[A-Za-z0-9_-]{43}"));
    }
}
