package dev.community.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search query in PostgreSQL's {@code websearch_to_tsquery} syntax, parsed once in Java so that both stores
 * read the same query the same way: words are ANDed, {@code "a quoted phrase"} matches those words in a row,
 * {@code -word} (or {@code -"phrase"}) excludes, and {@code OR} between two terms makes an alternative (it binds
 * tighter than the implicit AND, as in websearch_to_tsquery). A word is a run of letters and digits, compared in
 * lower case; any other character separates words. Unlike websearch_to_tsquery every plain word also matches as
 * a prefix ({@code deploy} finds {@code deployment}): the {@code simple} configuration has no stemming, so prefix
 * matching is what makes it usable for any language. Words of a phrase match whole.
 *
 * <p>Each store renders the parsed query in its own dialect (PostgreSQL: a {@code to_tsquery} text over a GIN
 * index; H2: word-start regular expressions), never from the raw text, so nothing a user types reaches SQL.
 *
 * @param clauses ANDed; each clause is a list of ORed terms
 */
public record SearchQuery(List<List<Term>> clauses) {
    /** The longest query accepted, in characters (a search box, not a document). */
    public static final int MAX_LENGTH = 256;
    /** The most terms in one query: each one is a predicate of its own on H2. */
    public static final int MAX_TERMS = 16;

    public SearchQuery {
        clauses = clauses.stream().map(List::copyOf).toList();
    }

    /**
     * One term: {@code words} in a row (one word unless it was a quoted phrase), lower case, each only letters and
     * digits; {@code negated} for {@code -term}.
     */
    public record Term(List<String> words, boolean phrase, boolean negated) {
        public Term {
            words = List.copyOf(words);
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException when it is blank, too long, has too many terms, or has no term that is not
     *                                  negated (a query of exclusions only would read every message)
     */
    public static SearchQuery parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("q must contain at least one word");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("q must be at most " + MAX_LENGTH + " characters");
        }
        List<List<Term>> clauses = new ArrayList<>();
        boolean orPending = false;
        int terms = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean negated = false;
            if (c == '-') {
                negated = true;
                i++;
                if (i >= n || Character.isWhitespace(text.charAt(i))) {
                    continue;
                }
                c = text.charAt(i);
            }
            Term term;
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                int end = close < 0 ? n : close;
                List<String> words = words(text.substring(i + 1, end));
                i = close < 0 ? n : close + 1;
                if (words.isEmpty()) {
                    continue;
                }
                term = new Term(words, true, negated);
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '"') {
                    i++;
                }
                String token = text.substring(start, i);
                if (!negated && token.equals("OR")) {
                    // an OR with nothing on its left (or two in a row) is only a word separator, as in websearch
                    orPending = !clauses.isEmpty();
                    continue;
                }
                List<String> words = words(token);
                if (words.isEmpty()) {
                    continue;
                }
                // "e-mail" is the phrase e, mail: the separator inside a token joins its words in a row
                term = new Term(words, words.size() > 1, negated);
            }
            if (++terms > MAX_TERMS) {
                throw new IllegalArgumentException("q must have at most " + MAX_TERMS + " terms");
            }
            if (orPending) {
                clauses.get(clauses.size() - 1).add(term);
                orPending = false;
            } else {
                List<Term> clause = new ArrayList<>();
                clause.add(term);
                clauses.add(clause);
            }
        }
        boolean anyPositive = clauses.stream().anyMatch(clause -> clause.stream().noneMatch(Term::negated));
        if (!anyPositive) {
            throw new IllegalArgumentException("q must contain at least one word that is not excluded");
        }
        return new SearchQuery(clauses);
    }

    /** The runs of letters and digits of {@code text}, in lower case. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
