package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.User;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The people picker's user search on both stores ({@link H2UserSearchTest}, {@link PostgresUserSearchTest}): id or
 * username prefix, case-insensitive, ordered by username, bounded, LIKE's wildcards taken literally.
 */
abstract class UserSearchContract extends OneStorePerClass {
    /** A prefix no other test's users share, so each test sees only its own. */
    private String tag;

    UserSearchContract(Store store) {
        super(store);
    }

    private String fresh() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void seen(String id, String username) {
        storage.users().upsertSeen(id, username, null, 3, true);
    }

    @Test
    void aPrefixOfTheUsernameOrTheIdMatchesCaseInsensitivelyOrderedByUsername() {
        tag = fresh();
        seen(tag + "-zed", "Ann " + tag);
        seen(tag + "-ann", "Zoë " + tag);
        seen("x" + tag, tag.toUpperCase() + " Bob");
        seen("other-" + fresh(), "nobody");

        assertThat(storage.users().searchByPrefix(tag.toUpperCase(), 10)).containsExactly(
                new User(tag + "-zed", "Ann " + tag),
                new User("x" + tag, tag.toUpperCase() + " Bob"),
                new User(tag + "-ann", "Zoë " + tag));
        assertThat(storage.users().searchByPrefix("ANN " + tag, 10)).containsExactly(new User(tag + "-zed", "Ann " + tag));
        assertThat(storage.users().searchByPrefix(tag + "-A", 10)).containsExactly(new User(tag + "-ann", "Zoë " + tag));
        assertThat(storage.users().searchByPrefix("zoë " + tag.toUpperCase(), 10))
                .containsExactly(new User(tag + "-ann", "Zoë " + tag));
    }

    @Test
    void theLimitBoundsTheResultsAndAMiddleOfANameDoesNotMatch() {
        tag = fresh();
        for (int i = 0; i < 5; i++) {
            seen(tag + "-" + i, tag + " user " + i);
        }
        assertThat(storage.users().searchByPrefix(tag, 3)).extracting(User::id)
                .containsExactly(tag + "-0", tag + "-1", tag + "-2");
        assertThat(storage.users().searchByPrefix("user " + tag, 10)).isEmpty();
        assertThat(storage.users().searchByPrefix(tag.substring(1), 10)).isEmpty();
    }

    @Test
    void wildcardsInThePrefixMatchOnlyThemselves() {
        tag = fresh();
        seen(tag + "_a", tag + "%one");
        seen(tag + "xa", tag + "xone");
        seen(tag + "\\b", tag + "\\two");
        assertThat(storage.users().searchByPrefix(tag + "_", 10)).extracting(User::id).containsExactly(tag + "_a");
        assertThat(storage.users().searchByPrefix(tag + "%", 10)).extracting(User::id).containsExactly(tag + "_a");
        assertThat(storage.users().searchByPrefix(tag + "\\", 10)).extracting(User::id).containsExactly(tag + "\\b");
    }

    @Test
    void aRefreshedUsernameIsFoundByItsNewName() {
        tag = fresh();
        seen(tag + "-id", tag + " old");
        seen(tag + "-id", tag + " new");
        assertThat(storage.users().searchByPrefix(tag + " new", 10)).containsExactly(new User(tag + "-id", tag + " new"));
        assertThat(storage.users().searchByPrefix(tag + " old", 10)).isEmpty();
    }
}
