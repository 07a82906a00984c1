package dev.community.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The contract check the integration tests lean on can fail, and fails on exactly what the specs do not describe. */
class WireContractTest {
    private static final String ROOM = "0193a5c2-7f10-7c3e-9a41-2b6d8e0f4a11";
    private static final String MESSAGE = "{\"id\":\"0193a5c4-1b22-7d80-8c55-6e1f0a9b3c27\",\"room_id\":\"" + ROOM + "\","
            + "\"seq\":1,\"thread_id\":null,\"author\":{\"id\":\"alice\",\"username\":\"Alice\"},\"content\":\"hi\","
            + "\"message_type\":\"text\",\"attachments\":[],\"mentions\":[],\"reply_to_id\":null,\"reaction_counts\":{},"
            + "\"created_at\":\"2026-11-24T10:02:00.000Z\",\"edited_at\":null,\"is_deleted\":false,\"is_hidden\":false,"
            + "\"is_pinned\":false}";
    private static final URI MESSAGES = URI.create("http://127.0.0.1:1/community/rooms/" + ROOM + "/messages/");

    @Test
    void aDocumentedEventPasses() {
        assertThat(WireContract.eventProblems("{\"event\":\"new_message\",\"message\":" + MESSAGE + ",\"client_id\":\"c1\"}"))
                .isEmpty();
        assertThat(WireContract.eventProblems("{\"event\":\"pong\"}")).isEmpty();
    }

    @Test
    void undocumentedEventsAndFieldsFail() {
        assertThat(WireContract.eventProblems("{\"event\":\"telepathy\"}")).singleElement().asString()
                .contains("does not describe");
        assertThat(WireContract.eventProblems("{\"event\":\"pong\",\"extra\":1}")).isNotEmpty();
        assertThat(WireContract.eventProblems("{\"event\":\"new_message\",\"message\":"
                + MESSAGE.replace("\"is_hidden\":false", "\"is_hidden\":\"no\"") + ",\"client_id\":null}")).isNotEmpty();
        assertThat(WireContract.eventProblems("{\"event\":\"new_message\",\"message\":"
                + MESSAGE.replace("10:02:00.000Z", "10:02:00Z") + ",\"client_id\":null}"))
                .as("times carry three fraction digits").isNotEmpty();
        assertThat(WireContract.eventProblems("not json")).isNotEmpty();
    }

    @Test
    void aDocumentedResponsePasses() {
        assertThatCode(() -> WireContract.checkResponse("POST", MESSAGES, 201, "application/json", MESSAGE))
                .doesNotThrowAnyException();
        assertThatCode(() -> WireContract.checkResponse("DELETE", URI.create(MESSAGES + "0193a5c4-1b22-7d80-8c55-6e1f0a9b3c27"),
                204, null, "")).as("the final slash is optional").doesNotThrowAnyException();
        assertThatCode(() -> WireContract.checkResponse("GET", URI.create("http://127.0.0.1:1/community/nowhere/"), 404,
                "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"no such endpoint\"}}"))
                .doesNotThrowAnyException();
    }

    @Test
    void undocumentedStatusesBodiesAndPathsFail() {
        assertThatThrownBy(() -> WireContract.checkResponse("POST", MESSAGES, 202, "application/json", MESSAGE))
                .hasMessageContaining("status 202 is not documented");
        assertThatThrownBy(() -> WireContract.checkResponse("POST", MESSAGES, 201, "application/json",
                MESSAGE.substring(0, MESSAGE.length() - 1) + ",\"secret\":1}"))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> WireContract.checkResponse("DELETE", URI.create(MESSAGES + "x/"), 204, "application/json",
                "{}")).hasMessageContaining("declares no body");
        assertThatThrownBy(() -> WireContract.checkResponse("GET", URI.create("http://127.0.0.1:1/community/nowhere/"), 200,
                "application/json", "{}")).hasMessageContaining("has no GET");
        assertThatThrownBy(() -> WireContract.checkResponse("GET", URI.create("http://127.0.0.1:1/metrics"), 200,
                "text/plain", "")).as("the operator port's paths are not the public port's")
                .hasMessageContaining("on the public port");
    }
}
