package dev.community.storage;

import org.junit.jupiter.api.condition.EnabledIf;

/** Retention on PostgreSQL, in a schema of its own; skipped when unreachable, except under CI=true. */
@EnabledIf(value = "dev.community.storage.PostgresTestDatabase#reachableOrRequired",
        disabledReason = "PostgreSQL (TEST_DB_URL) is not reachable")
class PostgresRetentionTest extends RetentionContract {
    PostgresRetentionTest() {
        super(Store.postgres());
    }
}
