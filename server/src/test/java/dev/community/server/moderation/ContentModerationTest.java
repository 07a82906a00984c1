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

    static ContentModeration withClassifier(ContentModerator filter, ContentModerator classifier, boolean rejectOnError,
                                            SimpleMeterRegistry registry) {
        return new ContentModeration(filter, new ClassifierStage(classifier, false, rejectOnError, Duration.ofMillis(200)),
                null, null, null, new ServerMetrics(registry));
    }

    static ContentModerator says(ModerationVerdict.Decision decision) {
        return content -> CompletableFuture.completedFuture(new ModerationVerdict(decision, decision.wire()));
    }

    @ParameterizedTest(name = "filter {0}, classifier {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "ALLOW, ALLOW, ALLOW", "ALLOW, FLAG, FLAG", "FLAG, ALLOW, FLAG", "HIDE, FLAG, HIDE", "FLAG, HIDE, HIDE",
            "HIDE, REJECT, REJECT"})
    void beforeStoreTheStrongerOfFilterAndClassifierDecides(ModerationVerdict.Decision filter,
                                                             ModerationVerdict.Decision classifier,
                                                             ModerationVerdict.Decision expected) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var moderation = withClassifier(says(filter), says(classifier), false, registry);

        assertThat(moderation.review(REVIEW).get(5, TimeUnit.SECONDS).decision()).isEqualTo(expected);
        assertThat(registry.find("community.moderation.verdicts").tag("decision", expected.wire()).counter().count())
                .isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void whatTheFilterRejectsNeverReachesTheClassifier() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        var moderation = withClassifier(says(ModerationVerdict.Decision.REJECT), content -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(ModerationVerdict.allow());
        }, false, new SimpleMeterRegistry());

        assertThat(moderation.review(REVIEW).get(5, TimeUnit.SECONDS).reason()).isEqualTo("reject");
        assertThat(asked).hasValue(0);
    }

    @ParameterizedTest(name = "on_error reject={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aClassifierWithoutVerdictIsDecidedByOnError(boolean rejectOnError) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        var moderation = withClassifier(says(ModerationVerdict.Decision.ALLOW), content -> CompletableFuture.failedFuture(
                new ClassifierFailure(ClassifierFailure.Kind.HTTP_5XX, "503")), rejectOnError, registry);

        ModerationVerdict verdict = moderation.review(REVIEW).get(5, TimeUnit.SECONDS);

        assertThat(verdict.decision()).isEqualTo(rejectOnError ? ModerationVerdict.Decision.REJECT
                : ModerationVerdict.Decision.ALLOW);
        assertThat(registry.find("community.moderation.verdicts").tag("decision", rejectOnError ? "reject" : "error")
                .counter().count()).isEqualTo(1);
    }

    static Stream<ModerationVerdict.Decision> decisions() {
        return Stream.of(ModerationVerdict.Decision.values());
    }
}
