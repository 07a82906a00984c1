package dev.community.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The signature of the Standard Webhooks specification, and the retry pauses. */
class WebhookSignerTest {

    /** The example of the Standard Webhooks reference libraries' tests (secret, id, timestamp, body, signature). */
    @Test
    void signsTheSpecificationsExampleExactly() {
        byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        WebhookSigner signer = new WebhookSigner(key);

        String signature = signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anyChangeOfIdTimestampOrBodyChangesTheSignature() {
        WebhookSigner signer = new WebhookSigner(new byte[32]);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String base = signer.sign("a", 1, body);
        assertThat(signer.sign("b", 1, body)).isNotEqualTo(base);
        assertThat(signer.sign("a", 2, body)).isNotEqualTo(base);
        assertThat(signer.sign("a", 1, "{ }".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(base);
        assertThat(signer.sign("a", 1, body)).as("the same input, the same signature (a reused Mac is reset)")
                .isEqualTo(base);
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThatThrownBy(() -> new WebhookSigner(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pausesDoubleFromHalfASecondWithJitterUpToTenMinutes() {
        for (int attempt = 0; attempt < 40; attempt++) {
            long full = Math.min(500L << Math.min(attempt, 20), Duration.ofMinutes(10).toMillis());
            Duration pause = WebhookDispatcher.backoff(attempt);
            assertThat(pause.toMillis()).as("attempt %d", attempt).isBetween(full / 2, full);
        }
    }
}
