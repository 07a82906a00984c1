package dev.community.server.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.config.ServerConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Turns a moderation API answer ({@code {"results":[{"flagged","categories","category_scores"}]}}) into a verdict
 * by the operator's thresholds: the strongest step (reject, then hide, then flag) that any category's score reaches
 * (score ≥ threshold) decides, and the reason names the category, its score and the threshold. An answer flagged by
 * the classifier itself that reaches no threshold is a flag, unless flagging is off for every category. Pure.
 */
public final class ClassifierJudge {
    private final ServerConfig.Thresholds flag;
    private final ServerConfig.Thresholds hide;
    private final ServerConfig.Thresholds reject;

    public ClassifierJudge(ServerConfig.Thresholds flag, ServerConfig.Thresholds hide, ServerConfig.Thresholds reject) {
        this.flag = flag;
        this.hide = hide;
        this.reject = reject;
    }

    /** @throws ClassifierFailure of kind malformed when the answer is not the moderation API's shape */
    public ModerationVerdict judge(JsonNode answer) {
        JsonNode results = answer == null ? null : answer.get("results");
        if (results == null || !results.isArray() || results.isEmpty() || !results.get(0).isObject()) {
            throw malformed("no \"results\" array with a result");
        }
        JsonNode result = results.get(0);
        JsonNode scores = result.get("category_scores");
        if (scores == null || !scores.isObject()) {
            throw malformed("no \"category_scores\" object");
        }
        JsonNode flagged = result.get("flagged");
        if (flagged != null && !flagged.isBoolean() && !flagged.isNull()) {
            throw malformed("\"flagged\" is not a boolean");
        }
        List<Map.Entry<String, Double>> categories = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> score = it.next();
            if (!score.getValue().isNumber() || !Double.isFinite(score.getValue().asDouble())) {
                throw malformed("the score of \"" + score.getKey() + "\" is not a number");
            }
            categories.add(Map.entry(score.getKey(), score.getValue().asDouble()));
        }
        for (Step step : List.of(new Step(ModerationVerdict.Decision.REJECT, reject),
                new Step(ModerationVerdict.Decision.HIDE, hide), new Step(ModerationVerdict.Decision.FLAG, flag))) {
            String reached = step.reached(categories);
            if (reached != null) {
                return new ModerationVerdict(step.decision(), reached);
            }
        }
        if (flagged != null && flagged.asBoolean() && flag.every().isPresent()) {
            return new ModerationVerdict(ModerationVerdict.Decision.FLAG, "classifier: flagged by the classifier"
                    + flaggedCategories(result.get("categories")));
        }
        return ModerationVerdict.allow();
    }

    private static String flaggedCategories(JsonNode categories) {
        if (categories == null || !categories.isObject()) {
            return "";
        }
        List<String> named = new ArrayList<>();
        categories.fields().forEachRemaining(c -> {
            if (c.getValue().asBoolean(false)) {
                named.add(c.getKey());
            }
        });
        return named.isEmpty() ? "" : " (" + String.join(", ", named) + ")";
    }

    private static ClassifierFailure malformed(String why) {
        return new ClassifierFailure(ClassifierFailure.Kind.MALFORMED, "the classifier's answer has " + why);
    }

    private record Step(ModerationVerdict.Decision decision, ServerConfig.Thresholds thresholds) {
        /** The reason of the category reaching this step by the widest margin, or null when none does. */
        String reached(List<Map.Entry<String, Double>> categories) {
            String reason = null;
            double margin = -1;
            for (Map.Entry<String, Double> category : categories) {
                OptionalDouble threshold = thresholds.of(category.getKey());
                if (threshold.isPresent() && category.getValue() >= threshold.getAsDouble()
                        && category.getValue() - threshold.getAsDouble() > margin) {
                    margin = category.getValue() - threshold.getAsDouble();
                    reason = String.format(Locale.ROOT, "classifier: %s %.3f reached the %s threshold %s",
                            category.getKey(), category.getValue(), decision.wire(), threshold.getAsDouble());
                }
            }
            return reason;
        }
    }
}
