package dev.community.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.server.ServerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A classifier that fails must never lose a message: its verdict counts as allow, and is counted as an error. */
class ContentModerationTest {
    static final ContentReview REVIEW = new ContentReview(UUID.randomUUID(), RoomType.FORUM, new User("u", "u"), "hi", false);

    static Stream<Arguments> brokenClassifiers() {
        return Stream.of(
                Arguments.of("throws", (ContentModerator) content -> {
                    throw new IllegalStateException("down");
                }),
                Arguments.of("fails", (ContentModerator) content ->
                        CompletableFuture.failedFuture(new java.io.IOException("503"))),
                Arguments.of("returns null", (ContentModerator) content -> null),
                Arguments.of("completes with null", (ContentModerator) content -> CompletableFuture.completedFuture(null)),
                Arguments.of("never answers", (ContentModerator) content -> new CompletableFuture<>()));
    }

    @ParameterizedTest(name = "a classifier that {0}")
    @MethodSource("brokenClassifiers")
    void aBrokenClassifierLetsTheMessageThrough(String how, ContentModerator classifier) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var moderation = new ContentModeration(classifier, null, new ServerMetrics(registry), Duration.ofMillis(50));

        ModerationVerdict verdict = moderation.review(REVIEW).get(5, TimeUnit.SECONDS);

        assertThat(verdict.decision()).isEqualTo(ModerationVerdict.Decision.ALLOW);
        assertThat(registry.find("community.moderation.verdicts").tag("decision", "error").counter().count())
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void aVerdictIsPassedOnAndCounted(ModerationVerdict.Decision decision) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CompletableFuture<ModerationVerdict> later = new CompletableFuture<>();
        var moderation = new ContentModeration(content -> later, null, new ServerMetrics(registry), Duration.ofSeconds(5));

        CompletableFuture<ModerationVerdict> result = moderation.review(REVIEW);
        later.complete(new ModerationVerdict(decision, "why"));

        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(new ModerationVerdict(decision, "why"));
        assertThat(registry.find("community.moderation.verdicts").tag("decision", decision.wire()).counter().count())
                .isEqualTo(1);
    }

    static Stream<ModerationVerdict.Decision> decisions() {
        return Stream.of(ModerationVerdict.Decision.values());
    }
}
