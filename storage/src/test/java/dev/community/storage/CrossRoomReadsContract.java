package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.SearchRepository.Filter;
import dev.community.storage.SearchRepository.Scope;
import dev.community.storage.SearchRepository.Sort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reads across rooms — full-text search and the mentions inbox — on both stores ({@link H2CrossRoomReadsTest},
 * {@link PostgresCrossRoomReadsTest}). The scope (which rooms, where hidden content counts, whose messages are
 * blocked) is the caller's; these tests check that the store keeps to it exactly, reads the query syntax the same
 * way on both stores, and pages without repeats or holes while messages arrive.
 */
abstract class CrossRoomReadsContract extends OneStorePerClass {

    CrossRoomReadsContract(Store store) {
        super(store);
    }

    /** Whether this store orders by relevance (PostgreSQL) or answers newest first (H2). */
    protected abstract boolean ranks();

    protected Storage storage() {
        return storage;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    UUID room(String owner) {
        String slug = uid("room");
        return storage.rooms().create(slug, slug, RoomType.CIRCLE, Visibility.PUBLIC, owner, "").id();
    }

    Message post(UUID room, String author, String content, String... mentions) {
        return postAt(Instant.now(), room, author, content, mentions);
    }

    Message postAt(Instant at, UUID room, String author, String content, String... mentions) {
        NewMessage message = new NewMessage(Uuids.v7(), room, new User(author, author), null, content, "text",
                List.of(), List.of(mentions), null, null, at);
        try {
            return storage.writer().submit(message).get(30, TimeUnit.SECONDS).message();
        } catch (Exception e) {
            throw new AssertionError("write failed", e);
        }
    }

    static Scope scope(UUID... rooms) {
        return new Scope(Set.of(rooms), Set.of(), Set.of());
    }

    List<String> search(String q, Scope scope) {
        return contents(storage.search().search(SearchQuery.parse(q), scope, Filter.NONE, Sort.NEWEST, null, 100));
    }

    static List<String> contents(Page<Message> page) {
        return page.results().stream().map(Message::content).toList();
    }

    // ----------------------------------------------------------------------------------------------- search

    @Test
    void wordsMatchAsCaseInsensitivePrefixesAtWordStartsAndAllMustMatch() {
        String owner = uid("owner");
        UUID room = room(owner);
        post(room, owner, "Deployment finished on Friday");
        post(room, owner, "we redeploy tomorrow");
        post(room, owner, "deploy the CAT picture");
        post(room, owner, "concatenate strings");

        assertThat(search("deploy", scope(room)))
                .containsExactly("deploy the CAT picture", "Deployment finished on Friday");
        assertThat(search("DEPLOY cat", scope(room))).containsExactly("deploy the CAT picture");
        assertThat(search("cat", scope(room))).containsExactly("deploy the CAT picture");
        assertThat(search("friday deploy", scope(room))).containsExactly("Deployment finished on Friday");
    }

    @Test
    void phrasesExclusionsAndOrFollowWebsearchSyntax() {
        String owner = uid("owner");
        UUID room = room(owner);
        post(room, owner, "the build is green");
        post(room, owner, "green is the build");
        post(room, owner, "the build is red, again");
        post(room, owner, "lunch at noon");

        assertThat(search("\"build is green\"", scope(room))).containsExactly("the build is green");
        assertThat(search("build -red", scope(room))).containsExactly("green is the build", "the build is green");
        assertThat(search("red OR lunch", scope(room))).containsExactly("lunch at noon", "the build is red, again");
        assertThat(search("build red OR noon", scope(room))).containsExactly("the build is red, again");
        assertThat(search("\"build is\" -\"is green\"", scope(room)))
                .containsExactly("the build is red, again");
        // punctuation separates words, in the query as in the text
        assertThat(search("red,again", scope(room))).containsExactly("the build is red, again");
    }

    @Test
    void wordsOfAnyScriptMatch() {
        String owner = uid("owner");
        UUID room = room(owner);
        post(room, owner, "Grüße aus München");
        post(room, owner, "Привет, мир");

        assertThat(search("münch", scope(room))).containsExactly("Grüße aus München");
        assertThat(search("привет", scope(room))).containsExactly("Привет, мир");
    }

    @Test
    void queriesWithoutAWordToFindAreRefused() {
        assertThatThrownBy(() -> SearchQuery.parse("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("q must contain at least one word");
        assertThatThrownBy(() -> SearchQuery.parse("-spam -\"buy now\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("q must contain at least one word that is not excluded");
        assertThatThrownBy(() -> SearchQuery.parse("x".repeat(257))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("q must be at most 256 characters");
        assertThatThrownBy(() -> SearchQuery.parse("a b c d e f g h i j k l m n o p q"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("q must have at most 16 terms");
        // an operator character alone is nothing to look for
        assertThatThrownBy(() -> SearchQuery.parse("' & | ! :*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheScopesRoomsAreSearchedHiddenOnlyWhereModeratedAndBlockedAuthorsNever() {
        String owner = uid("owner");
        String troll = uid("troll");
        UUID mine = room(owner);
        UUID moderated = room(owner);
        UUID foreign = room(owner);
        post(mine, owner, "needle in my room");
        Message hiddenMine = post(mine, owner, "needle hidden in my room");
        storage.messageEdits().setHidden(mine, hiddenMine.id(), true);
        Message hiddenModerated = post(moderated, owner, "needle hidden where I moderate");
        storage.messageEdits().setHidden(moderated, hiddenModerated.id(), true);
        post(foreign, owner, "needle elsewhere");
        post(mine, troll, "needle from a troll");
        Message deleted = post(mine, owner, "needle deleted");
        storage.messageEdits().delete(mine, deleted.id());

        Scope scope = new Scope(Set.of(mine, moderated), Set.of(moderated), Set.of(troll));
        assertThat(search("needle", scope)).containsExactly("needle hidden where I moderate", "needle in my room");
        assertThat(search("needle", new Scope(Set.of(), Set.of(), Set.of()))).isEmpty();
        assertThat(search("needle", scope(foreign))).containsExactly("needle elsewhere");
    }

    @Test
    void filtersByAuthorAndTime() {
        String owner = uid("owner");
        String other = uid("other");
        UUID room = room(owner);
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        Message first = postAt(t0, room, owner, "report one");
        postAt(t0.plusSeconds(60), room, other, "report two");
        Message third = postAt(t0.plusSeconds(120), room, owner, "report three");

        var search = storage.search();
        assertThat(contents(search.search(SearchQuery.parse("report"), scope(room), new Filter(owner, null, null),
                Sort.NEWEST, null, 10))).containsExactly("report three", "report one");
        assertThat(contents(search.search(SearchQuery.parse("report"), scope(room),
                new Filter(null, third.createdAt(), first.createdAt()), Sort.NEWEST, null, 10)))
                .containsExactly("report two");
        assertThat(contents(search.search(SearchQuery.parse("report"), scope(room),
                new Filter(other, null, third.createdAt()), Sort.NEWEST, null, 10))).isEmpty();
    }

    @Test
    void pagesNeitherRepeatNorSkipWhileMessagesArrive() {
        String owner = uid("owner");
        UUID room = room(owner);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            post(room, owner, "paged item " + i);
            expected.add(0, "paged item " + i);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Message> page = storage.search().search(SearchQuery.parse("paged"), scope(room), Filter.NONE,
                    Sort.NEWEST, cursor, 10);
            seen.addAll(contents(page));
            cursor = page.nextCursor();
            post(room, owner, "paged late " + pages++);
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void relevanceOrdersByRankAndPagesByIt() {
        String owner = uid("owner");
        UUID room = room(owner);
        post(room, owner, "kiwi kiwi kiwi kiwi");
        post(room, owner, "one kiwi among many other words in a long sentence about fruit");
        post(room, owner, "kiwi kiwi");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<Message> page = storage.search().search(SearchQuery.parse("kiwi"), scope(room), Filter.NONE,
                    Sort.RELEVANCE, cursor, 1);
            seen.addAll(contents(page));
            cursor = page.nextCursor();
        } while (cursor != null);
        if (ranks()) {
            assertThat(seen).containsExactly("kiwi kiwi kiwi kiwi", "kiwi kiwi",
                    "one kiwi among many other words in a long sentence about fruit");
        } else {
            assertThat(seen).containsExactly("kiwi kiwi",
                    "one kiwi among many other words in a long sentence about fruit", "kiwi kiwi kiwi kiwi");
        }
    }

    @Test
    void aCursorOfAnotherListOrOrderIsRefused() {
        String owner = uid("owner");
        UUID room = room(owner);
        post(room, owner, "twice here");
        post(room, owner, "twice again");
        String newest = storage.search().search(SearchQuery.parse("twice"), scope(room), Filter.NONE, Sort.NEWEST,
                null, 1).nextCursor();
        assertThat(newest).isNotNull();
        assertThatThrownBy(() -> storage.search().mentions(owner, scope(room), newest, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid cursor");
        if (ranks()) {
            assertThatThrownBy(() -> storage.search().search(SearchQuery.parse("twice"), scope(room), Filter.NONE,
                    Sort.RELEVANCE, newest, 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void editedAndDeletedMessagesAreFoundByWhatTheySayNow() {
        String owner = uid("owner");
        UUID room = room(owner);
        Message edited = post(room, owner, "original wording");
        storage.messageEdits().edit(room, edited.id(), "revised wording");
        Message deleted = post(room, owner, "wording to delete");
        storage.messageEdits().delete(room, deleted.id());

        assertThat(search("original", scope(room))).isEmpty();
        assertThat(search("revised", scope(room))).containsExactly("revised wording");
        Scope moderator = new Scope(Set.of(room), Set.of(room), Set.of());
        assertThat(search("wording", moderator)).containsExactly("revised wording");
    }

    // ----------------------------------------------------------------------------------------------- mentions

    @Test
    void mentionsAreTheScopesMessagesNamingTheUserNewestFirst() {
        String owner = uid("owner");
        String me = uid("me");
        String blocked = uid("blocked");
        UUID room = room(owner);
        UUID other = room(owner);
        UUID outside = room(owner);
        post(room, owner, "hi @me", me);
        post(room, owner, "hi someone else", owner);
        post(other, owner, "in the other room @me", me, owner);
        post(outside, owner, "where I cannot read @me", me);
        post(room, blocked, "from someone I block @me", me);
        Message hidden = post(room, owner, "hidden @me", me);
        storage.messageEdits().setHidden(room, hidden.id(), true);
        Message deleted = post(room, owner, "deleted @me", me);
        storage.messageEdits().delete(room, deleted.id());
        // an id that contains mine is not mine
        post(room, owner, "@me2", me + "2");

        Scope scope = new Scope(Set.of(room, other), Set.of(), Set.of(blocked));
        Page<Message> first = storage.search().mentions(me, scope, null, 1);
        assertThat(contents(first)).containsExactly("in the other room @me");
        Page<Message> second = storage.search().mentions(me, scope, first.nextCursor(), 1);
        assertThat(contents(second)).containsExactly("hi @me");
        assertThat(second.nextCursor()).isNull();
        assertThat(contents(storage.search().mentions(me, new Scope(Set.of(room), Set.of(room), Set.of()), null, 10)))
                .containsExactly("hidden @me", "from someone I block @me", "hi @me");
    }

    @Test
    void memberRoomsListsEveryMembershipRowWithItsRoom() {
        String owner = uid("owner");
        String me = uid("me");
        UUID stay = room(owner);
        UUID left = room(owner);
        UUID banned = room(owner);
        storage.memberships().join(stay, me, Role.MEMBER);
        storage.memberships().join(left, me, Role.MEMBER);
        storage.memberships().leave(left, me);
        storage.memberships().join(banned, me, Role.MEMBER);
        storage.memberships().restrict(banned, me, Role.BANNED, null);

        var rows = storage.search().memberRooms(me);
        assertThat(rows).extracting(r -> r.room().id()).containsExactlyInAnyOrder(stay, left, banned);
        assertThat(rows).filteredOn(r -> r.membership().isMember()).extracting(r -> r.room().id())
                .containsExactly(stay);
    }
}
