package dev.community.storage;

import org.junit.jupiter.api.condition.EnabledIf;

/** The webhook outbox on PostgreSQL, in a schema of its own; skipped when unreachable, except under CI=true. */
@EnabledIf(value = "dev.community.storage.PostgresTestDatabase#reachableOrRequired",
        disabledReason = "PostgreSQL (TEST_DB_URL) is not reachable")
class PostgresWebhookOutboxTest extends WebhookOutboxContract {
    PostgresWebhookOutboxTest() {
        super(Store.postgres());
    }

    @Override
    protected boolean concurrentClaimers() {
        return true;
    }
}
