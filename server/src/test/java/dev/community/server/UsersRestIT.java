package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.SharedServerBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §3 user search ({@code GET /community/users/}), the people picker's, over real HTTP. */
class UsersRestIT extends SharedServerBase {

    static String search(String q, String more) {
        return "/community/users/?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more;
    }

    @Test
    void findsKnownUsersByIdOrUsernamePrefixCaseInsensitivelyWithIdAndUsernameOnly() {
        String tag = uid("pk").replace("-", "");
        fx.storage().users().upsertSeen(tag + "-ann", "Ann Arbor", null, 4, true);
        fx.storage().users().upsertSeen("zz" + tag, tag.toUpperCase() + " Zed", null, 0, false);
        String me = uid("me");

        var response = api.get(search(tag.toUpperCase(), ""), token(me));
        assertThat(response.status()).isEqualTo(200);
        JsonNode results = response.json().path("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).properties()).extracting(Map.Entry::getKey)
                .as("nothing private: no trust level, staff flag or join date")
                .containsExactlyInAnyOrder("id", "username");
        assertThat(results.findValuesAsText("id")).containsExactly(tag + "-ann", "zz" + tag);
        assertThat(results.findValuesAsText("username")).containsExactly("Ann Arbor", tag.toUpperCase() + " Zed");
        assertThat(response.json().path("next_cursor").isNull()).isTrue();

        assertThat(api.get(search("zz" + tag, ""), token(me)).json().path("results").findValuesAsText("id"))
                .containsExactly("zz" + tag);
        assertThat(api.get(search(tag, "&limit=1"), token(me)).json().path("results").findValuesAsText("id"))
                .containsExactly(tag + "-ann");
        assertThat(api.get(search("nobody-" + tag, ""), token(me)).json().path("results")).isEmpty();
    }

    @Test
    void someoneOnlyNamedIsUnknownUntilTheServerSeesThem() {
        String ann = uid("known");
        String bob = uid("newcomer");
        fx.seen(ann);
        var named = api.post("/community/dm/", token(ann), "{\"participant_ids\":[\"" + bob + "\"]}");
        assertThat(named.status()).as("a DM with someone never seen").isEqualTo(404);
        assertThat(api.get(search(bob, ""), token(ann)).json().path("results")).isEmpty();

        assertThat(api.post("/community/dm/", token(bob), "{\"participant_ids\":[\"" + ann + "\"]}").status())
                .as("bob acts: the server has now seen him").isEqualTo(201);
        assertThat(api.get(search(bob, ""), token(ann)).json().path("results").findValuesAsText("id"))
                .containsExactly(bob);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?q=", "?q=%20%20", "?limit=5"})
    void aMissingOrBlankQueryIsRefused(String query) {
        var response = api.get("/community/users/" + query, token(uid("me")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
        assertThat(response.json().path("error").path("message").asText())
                .isEqualTo("q: the query parameter must be 1 to 150 characters (not only spaces)");
    }

    @Test
    void anOverlongQueryAndABadLimitAreRefused() {
        var tooLong = api.get(search("x".repeat(151), ""), token(uid("me")));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorCode()).isEqualTo("invalid_payload");
        for (String limit : List.of("0", "101", "many")) {
            var bad = api.get(search("a", "&limit=" + limit), token(uid("me")));
            assertThat(bad.status()).as(limit).isEqualTo(400);
            assertThat(bad.json().path("error").path("message").asText()).isEqualTo("limit must be an integer from 1 to 100");
        }
    }

    @Test
    void withoutATokenItIsUnauthorized() {
        var response = api.get(search("a", ""), null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthorized");
    }
}
