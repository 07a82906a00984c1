package dev.community.server.moderation;

import dev.community.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@link ContentModerator}: refuses, hides or flags (as configured by {@code moderation.action})
 * content that contains a blocked word ({@code moderation.blocked_words}, whole words, any case) or matches a
 * blocked pattern ({@code moderation.blocked_patterns}, found anywhere). All words are compiled into one
 * alternation, so the cost per message is one scan whatever the list's length. With both lists empty it
 * allows everything without looking.
 */
public final class WordFilterModerator implements ContentModerator {
    private final Pattern words;
    private final List<Pattern> patterns;
    private final ModerationVerdict.Decision onMatch;

    public WordFilterModerator(List<String> blockedWords, List<String> blockedPatterns,
                               ModerationVerdict.Decision onMatch) {
        if (onMatch == ModerationVerdict.Decision.ALLOW) {
            throw new IllegalArgumentException("a filter that allows what it matches filters nothing");
        }
        this.words = blockedWords.isEmpty() ? null : wordPattern(blockedWords);
        List<Pattern> compiled = new ArrayList<>(blockedPatterns.size());
        for (String pattern : blockedPatterns) {
            compiled.add(Pattern.compile(pattern));
        }
        this.patterns = List.copyOf(compiled);
        this.onMatch = onMatch;
    }

    /** The filter the {@code moderation.*} keys describe. */
    public static WordFilterModerator from(ServerConfig.ModerationConfig config) {
        return new WordFilterModerator(config.blockedWords(), config.blockedPatterns(),
                ModerationVerdict.Decision.valueOf(config.action().toUpperCase(Locale.ROOT)));
    }

    @Override
    public CompletableFuture<ModerationVerdict> review(ContentReview content) {
        return CompletableFuture.completedFuture(check(content.reviewedText()));
    }

    /** The verdict on {@code text}, computed on the calling thread. */
    public ModerationVerdict check(String text) {
        if (words != null) {
            Matcher m = words.matcher(text);
            if (m.find()) {
                return new ModerationVerdict(onMatch, "blocked word \"" + m.group().toLowerCase(Locale.ROOT) + "\"");
            }
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find()) {
                return new ModerationVerdict(onMatch, "blocked pattern /" + pattern.pattern() + "/");
            }
        }
        return ModerationVerdict.allow();
    }

    /**
     * One case-insensitive alternation of the quoted words between word boundaries that know Unicode letters
     * (so "spam" does not match inside "spammer", nor "ass" inside "class", and "ÉTÉ" matches "été").
     */
    private static Pattern wordPattern(List<String> blockedWords) {
        StringBuilder alternation = new StringBuilder("(?<![\\p{L}\\p{N}_])(?:");
        for (int i = 0; i < blockedWords.size(); i++) {
            if (i > 0) {
                alternation.append('|');
            }
            alternation.append(Pattern.quote(blockedWords.get(i)));
        }
        alternation.append(")(?![\\p{L}\\p{N}_])");
        return Pattern.compile(alternation.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
