package dev.community.storage.jdbc;

import dev.community.storage.SearchQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * How each store matches a {@link SearchQuery}: the one place where full-text search differs between the
 * databases. Both render the parsed query (letters and digits only) into bound parameters, never into the SQL.
 */
public enum SearchDialect {
    /**
     * The {@code search_vector} column ({@code to_tsvector('simple', content)}, kept by a trigger, see the V20
     * migration) matched by a {@code to_tsquery} over its GIN index; ranked with {@code ts_rank}.
     */
    POSTGRESQL {
        @Override
        void match(SearchQuery query, StringBuilder sql, List<Object> params) {
            sql.append(" AND m.search_vector @@ to_tsquery('simple', ?)");
            params.add(tsquery(query));
        }

        @Override
        Optional<String> rank() {
            return Optional.of("ts_rank(m.search_vector, to_tsquery('simple', ?))");
        }
    },

    /**
     * H2 has no text search PostgreSQL's way (its own full-text engine keeps a separate index by triggers and has no
     * prefix or phrase rules of this kind), so each term is a case-insensitive regular expression on the content,
     * anchored at a word start: the same matches as PostgreSQL for words and phrases, read from every message in
     * the caller's rooms (no index; fine at the embedded store's scale). No ranking: relevance is newest first.
     */
    H2 {
        @Override
        void match(SearchQuery query, StringBuilder sql, List<Object> params) {
            for (List<SearchQuery.Term> clause : query.clauses()) {
                StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
                for (SearchQuery.Term term : clause) {
                    any.add((term.negated() ? "NOT " : "") + "REGEXP_LIKE(m.content, ?)");
                    params.add(regex(term));
                }
                sql.append(any);
            }
        }

        @Override
        Optional<String> rank() {
            return Optional.empty();
        }
    };

    /** Not a letter or digit: what separates words, on both sides of a match. */
    private static final String NON_WORD = "[^\\p{L}\\p{N}]";

    /** Appends the AND predicate that the message content matches {@code query}, with its parameters. */
    abstract void match(SearchQuery query, StringBuilder sql, List<Object> params);

    /** The rank expression (one parameter: {@link #rankParameter}), or empty where the store does not rank. */
    abstract Optional<String> rank();

    Object rankParameter(SearchQuery query) {
        return tsquery(query);
    }

    /**
     * The to_tsquery text: {@code 'word':*} for a word (prefix), {@code 'a' <-> 'b'} for a phrase, {@code !} for a
     * negated term, {@code |} within a clause and {@code &} between clauses.
     */
    static String tsquery(SearchQuery query) {
        StringJoiner all = new StringJoiner(" & ");
        for (List<SearchQuery.Term> clause : query.clauses()) {
            StringJoiner any = new StringJoiner(" | ", "(", ")");
            for (SearchQuery.Term term : clause) {
                List<String> lexemes = new ArrayList<>();
                for (String word : term.words()) {
                    // words hold only letters and digits; quoted all the same, so no character is ever an operator
                    lexemes.add("'" + word.replace("'", "''").replace("\\", "\\\\") + "'");
                }
                String text = term.phrase() ? "(" + String.join(" <-> ", lexemes) + ")" : lexemes.get(0) + ":*";
                any.add(term.negated() ? "!" + text : text);
            }
            all.add(any.toString());
        }
        return all.toString();
    }

    /**
     * The Java regular expression (H2's REGEXP_LIKE) for a term: its first word at a word start, a phrase's words
     * separated by non-word characters and its last ending a word; a single word matches as a prefix.
     */
    static String regex(SearchQuery.Term term) {
        StringBuilder regex = new StringBuilder("(?iu)(?<!").append(NON_WORD.replace("[^", "[")).append(")");
        regex.append(String.join(NON_WORD + "+", term.words()));
        if (term.phrase()) {
            regex.append("(?!").append(NON_WORD.replace("[^", "[")).append(")");
        }
        return regex.toString();
    }
}
