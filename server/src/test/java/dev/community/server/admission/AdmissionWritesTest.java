package dev.community.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.config.ServerConfig;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
import dev.community.storage.PostgresTestDatabase;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writes a connect must make, grouped: first joins and claims that arrive while a transaction runs share the
 * next one. Counted exactly (the pool is held, so what arrives meanwhile is deterministic), on both stores.
 */
class AdmissionWritesTest {
    @TempDir
    Path dataDir;
    Storage storage;
    PostgresTestDatabase database;
    final HeldBlocking blocking = new HeldBlocking();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    Storage open(String store) {
        var writer = new ServerConfig.WriterConfig(100, Duration.ofMillis(1), 1000);
        if (store.equals("embedded")) {
            return Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4),
                    dataDir, writer, new SimpleMeterRegistry());
        }
        Assumptions.assumeTrue(PostgresTestDatabase.reachableOrRequired(), "PostgreSQL (TEST_DB_URL) is not reachable");
        database = new PostgresTestDatabase().create();
        return Storage.open(new ServerConfig.DatabaseConfig(Optional.of(database.url()), Optional.of(database.user),
                Optional.of(database.password), 4), dataDir, writer, new SimpleMeterRegistry());
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    double transactions(String work) {
        return meters.get("community.admission.groups").tag("work", work).counter().count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void firstJoinsThatArriveWhileTwoRunShareTheNextTransaction(String store) throws Exception {
        storage = open(store);
        AdmissionWrites writes = new AdmissionWrites(storage.users(), storage.memberships(), blocking, meters);
        RoomRecord one = storage.rooms().create("w-one", "w-one", RoomType.FORUM, Visibility.PUBLIC, "w-owner", "");
        RoomRecord two = storage.rooms().create("w-two", "w-two", RoomType.FORUM, Visibility.PUBLIC, "w-owner", "");
        List<CompletableFuture<Membership>> joins = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            joins.add(writes.join(i % 2 == 0 ? one.id() : two.id(), "w-user-" + i));
        }
        CompletableFuture<Membership> again = writes.join(two.id(), "w-user-5");
        assertThat(blocking.parked()).as("two transactions under way, eight joins waiting").isEqualTo(2);

        blocking.runAll();

        assertThat(transactions("joins")).as("1 + 1 + the eight that waited").isEqualTo(3);
        var sizes = meters.get("community.admission.group.size").tag("work", "joins").summary();
        assertThat(sizes.count()).isEqualTo(3);
        assertThat(sizes.totalAmount()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            Membership joined = joins.get(i).get();
            assertThat(joined.userId()).isEqualTo("w-user-" + i);
            assertThat(joined.role()).isEqualTo(Role.MEMBER);
            assertThat(joined.isMember()).isTrue();
        }
        assertThat(again.get()).as("the same join in a waiting group shares its answer").isSameAs(joins.get(5).get());
        assertThat(storage.rooms().findById(one.id()).orElseThrow().memberCount()).isEqualTo(1 + 5);
        assertThat(storage.rooms().findById(two.id()).orElseThrow().memberCount()).isEqualTo(1 + 5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgres"})
    void claimsThatArriveWhileTwoRunShareTheNextTransaction(String store) throws Exception {
        storage = open(store);
        AdmissionWrites writes = new AdmissionWrites(storage.users(), storage.memberships(), blocking, meters);
        List<CompletableFuture<?>> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(writes.seen(new Principal("s-user-" + i, "name-" + i, Instant.parse("2024-01-01T00:00:00Z"), 2,
                    false, Instant.now().plusSeconds(60))));
        }
        blocking.runAll();
        assertThat(transactions("users")).isEqualTo(3);
        for (CompletableFuture<?> done : seen) {
            done.get();
        }
        assertThat(storage.users().find("s-user-5").orElseThrow().trustLevel()).isEqualTo(2);
    }
}
