package dev.community.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.config.ServerConfig;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The moderation API's answer judged by the operator's thresholds: the strongest step reached decides. */
class ClassifierJudgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ClassifierJudge JUDGE = new ClassifierJudge(
            new ServerConfig.Thresholds(OptionalDouble.of(0.5), Map.of("self-harm", OptionalDouble.of(0.2))),
            new ServerConfig.Thresholds(OptionalDouble.of(0.8), Map.of()),
            new ServerConfig.Thresholds(OptionalDouble.empty(), Map.of("sexual/minors", OptionalDouble.of(0.3))));

    static ModerationVerdict judge(String json) throws Exception {
        return JUDGE.judge(JSON.readTree(json));
    }

    static String answer(String scores, boolean flagged) {
        return "{\"id\":\"modr-1\",\"results\":[{\"flagged\":" + flagged + ",\"categories\":{\"harassment\":" + flagged
                + "},\"category_scores\":{" + scores + "}}]}";
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "harassment":0.1                           | ALLOW
            "harassment":0.5                           | FLAG
            "harassment":0.79                          | FLAG
            "harassment":0.8                           | HIDE
            "harassment":1.0                           | HIDE
            "self-harm":0.2                            | FLAG
            "sexual/minors":0.3                        | REJECT
            "sexual/minors":0.29,"harassment":0.81     | HIDE
            "sexual/minors":0.31,"harassment":0.81     | REJECT
            """)
    void theStrongestStepAnyCategoryReachesDecides(String scores, ModerationVerdict.Decision expected) throws Exception {
        assertThat(judge(answer(scores, false)).decision()).isEqualTo(expected);
    }

    @Test
    void theReasonNamesTheCategoryItsScoreAndTheThreshold() throws Exception {
        assertThat(judge(answer("\"harassment\":0.9,\"violence\":0.85", false)).reason())
                .isEqualTo("classifier: harassment 0.900 reached the hide threshold 0.8");
    }

    @Test
    void flaggedByTheClassifierButUnderEveryThresholdIsAFlag() throws Exception {
        ModerationVerdict verdict = judge(answer("\"harassment\":0.1", true));
        assertThat(verdict.decision()).isEqualTo(ModerationVerdict.Decision.FLAG);
        assertThat(verdict.reason()).isEqualTo("classifier: flagged by the classifier (harassment)");
    }

    @Test
    void flaggedIsIgnoredWhenFlaggingIsOffForEveryCategory() throws Exception {
        ClassifierJudge noFlags = new ClassifierJudge(ServerConfig.Thresholds.OFF, ServerConfig.Thresholds.OFF,
                ServerConfig.Thresholds.OFF);
        assertThat(noFlags.judge(JSON.readTree(answer("\"harassment\":0.99", true))).decision())
                .isEqualTo(ModerationVerdict.Decision.ALLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"results\":[]}",
            "{\"results\":{}}",
            "{\"results\":[1]}",
            "{\"results\":[{\"flagged\":true}]}",
            "{\"results\":[{\"category_scores\":[]}]}",
            "{\"results\":[{\"category_scores\":{\"harassment\":\"high\"}}]}",
            "{\"results\":[{\"flagged\":\"yes\",\"category_scores\":{}}]}"})
    void anAnswerOfAnotherShapeIsMalformed(String json) {
        assertThatThrownBy(() -> judge(json)).isInstanceOfSatisfying(ClassifierFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(ClassifierFailure.Kind.MALFORMED));
    }
}
