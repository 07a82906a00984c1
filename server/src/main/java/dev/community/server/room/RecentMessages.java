package dev.community.server.room;

import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.storage.MembershipRepository;
import dev.community.storage.MembershipRepository.ReadMarker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * A bounded window of a room's newest stored messages, so room_state and since_seq resumes rarely touch the
 * database. It only answers when it can answer completely: it knows the seq after which it holds every stored
 * message ({@code completeAfter}), and refuses (empty result) for anything older, so callers fall back to
 * storage. Appends arrive in seq order from the writer's completions; a storage read primes it once.
 */
public final class RecentMessages {
    private final int capacity;
    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private boolean primed;
    /** Every stored message with seq > completeAfter is in the window (valid once primed). */
    private long completeAfter = Long.MAX_VALUE;
    /**
     * Stored history starts above this seq (0 unless retention purged the room's oldest messages): a resume from
     * below it is refused, so the caller reads storage and tells the client of the hole (has_gap).
     */
    private long floor;
    /** The read that primes the window, shared by everyone who asks while it runs; null before the first. */
    private CompletableFuture<Void> priming;

    RecentMessages(int capacity) {
        this.capacity = capacity;
    }

    public synchronized boolean primed() {
        return primed;
    }

    /**
     * Merges a storage read of the room's newest {@code limit} messages (oldest first) with what was appended
     * meanwhile. Appends that raced the read are kept; duplicates are dropped by seq.
     */
    public synchronized void prime(List<Message> newestFromStorage, int limit) {
        if (primed) {
            return;
        }
        TreeMap<Long, Message> merged = new TreeMap<>();
        for (Message m : newestFromStorage) {
            merged.put(m.seq(), m);
        }
        for (Message m : messages) {
            merged.put(m.seq(), m);
        }
        messages.clear();
        messages.addAll(merged.values());
        completeAfter = newestFromStorage.size() < limit ? 0
                : newestFromStorage.isEmpty() ? 0 : newestFromStorage.get(0).seq() - 1;
        // the seq below the oldest stored message: 0, or after a retention purge the last seq purged
        floor = newestFromStorage.isEmpty() ? 0 : newestFromStorage.get(0).seq() - 1;
        primed = true;
        trim();
    }

    /**
     * Primes the window from storage once, however many callers ask at the same moment (a cold room after a restart
     * is entered by hundreds of sessions at once): the first caller's read of the newest {@code capacity} messages is
     * shared with every caller until it completes; completes at once when the window is primed. A failed read fails
     * every caller that shared it; the next caller reads again.
     *
     * @param newest reads the room's newest stored messages (oldest first), at most the given number, off the loops
     */
    public CompletableFuture<Void> primedFrom(IntFunction<CompletableFuture<List<Message>>> newest) {
        CompletableFuture<Void> shared;
        synchronized (this) {
            if (primed) {
                return CompletableFuture.completedFuture(null);
            }
            if (priming != null && !priming.isDone()) {
                return priming;
            }
            shared = new CompletableFuture<>();
            priming = shared;
        }
        newest.apply(capacity).whenComplete((rows, failure) -> {
            if (failure != null) {
                shared.completeExceptionally(failure);
                return;
            }
            prime(rows, capacity);
            shared.complete(null);
        });
        return shared;
    }

    /**
     * Forgets everything: the next room_state or resume reads storage and primes the window again (appends made
     * meanwhile are merged in). Used after the window may have missed edits, e.g. while a cluster lost Redis.
     */
    public synchronized void invalidate() {
        messages.clear();
        primed = false;
        completeAfter = Long.MAX_VALUE;
        floor = 0;
    }

    /**
     * The retention purge removed the room's messages up to {@code purgedThroughSeq}: a window that may still hold
     * any of them, or claims to know the room's history below them, is forgotten (read again from storage when next
     * needed). A window that starts above them stays.
     */
    public synchronized void forgetThrough(long purgedThroughSeq) {
        if (primed && Math.max(completeAfter, floor) < purgedThroughSeq) {
            invalidate();
        }
    }

    /** Adds a freshly committed message; called in seq order. */
    public synchronized void append(Message message) {
        Message last = messages.peekLast();
        if (last != null && message.seq() <= last.seq()) {
            return;
        }
        messages.addLast(message);
        trim();
    }

    /** Replaces a message held in the window (after an edit, hide, delete or reaction). */
    public synchronized void update(java.util.UUID messageId, UnaryOperator<Message> change) {
        List<Message> copy = new ArrayList<>(messages);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).id().equals(messageId)) {
                copy.set(i, change.apply(copy.get(i)));
                messages.clear();
                messages.addAll(copy);
                return;
            }
        }
    }

    /**
     * Brings a held message up to date with a room event about it (an edit, hide, delete, reaction change, pin or
     * unpin), so
     * a room_state served from the window shows what storage would. Other events leave the window alone;
     * applying the same event twice changes nothing.
     */
    public void apply(ServerEvent event) {
        if (event instanceof ServerEvent.MessageUpdated updated) {
            update(updated.message().id(), held -> updated.message());
        } else if (event instanceof ServerEvent.MessageDeleted deleted) {
            update(deleted.messageId(), Message::tombstone);
        } else if (event instanceof ServerEvent.ReactionsUpdated reactions) {
            update(reactions.messageId(), m -> m.withReactionCounts(reactions.reactionCounts()));
        } else if (event instanceof ServerEvent.MessagePinned pinned) {
            update(pinned.messageId(), m -> m.withPinned(true));
        } else if (event instanceof ServerEvent.MessageUnpinned unpinned) {
            update(unpinned.messageId(), m -> m.withPinned(false));
        }
    }

    /** The newest {@code limit} messages plus whether older ones exist, if the window can tell. */
    public synchronized Optional<Page> latest(int limit) {
        if (!primed || (messages.size() < limit && completeAfter != 0)) {
            return Optional.empty();
        }
        List<Message> all = new ArrayList<>(messages);
        int from = Math.max(0, all.size() - limit);
        boolean hasMore = from > 0 || completeAfter != 0;
        return Optional.of(new Page(List.copyOf(all.subList(from, all.size())), hasMore));
    }

    /**
     * The newest {@code limit} stored messages with seq below {@code beforeSeq} (oldest first) and whether older
     * ones exist — request_history's page — if the window holds every one of them; the same answer storage gives.
     */
    public synchronized Optional<Page> before(long beforeSeq, int limit) {
        if (!primed) {
            return Optional.empty();
        }
        List<Message> newestFirst = new ArrayList<>(limit + 1);
        Iterator<Message> it = messages.descendingIterator();
        while (it.hasNext() && newestFirst.size() <= limit) {
            Message m = it.next();
            if (m.seq() < beforeSeq) {
                newestFirst.add(m);
            }
        }
        boolean olderHeld = newestFirst.size() > limit;
        if (!olderHeld && newestFirst.size() < limit && completeAfter != 0) {
            // Fewer than asked for, and storage may hold older ones the window does not.
            return Optional.empty();
        }
        List<Message> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        java.util.Collections.reverse(page);
        return Optional.of(new Page(List.copyOf(page), olderHeld || completeAfter != 0));
    }

    /**
     * Every stored message with seq > {@code sinceSeq} (oldest first, at most {@code max}), if the window holds
     * all of them, with the seq up to which the caller is now in sync (read under the same lock).
     */
    public synchronized Optional<Resume> after(long sinceSeq, int max) {
        if (!primed || sinceSeq < completeAfter || sinceSeq < floor) {
            return Optional.empty();
        }
        List<Message> result = new ArrayList<>();
        Iterator<Message> it = messages.descendingIterator();
        while (it.hasNext()) {
            Message m = it.next();
            if (m.seq() <= sinceSeq) {
                break;
            }
            result.add(0, m);
        }
        if (result.size() > max) {
            return Optional.empty();
        }
        long syncSeq = result.isEmpty() ? Math.min(sinceSeq, lastSeq()) : result.get(result.size() - 1).seq();
        return Optional.of(new Resume(result, syncSeq));
    }

    /**
     * The read marker {@code lastReadSeq} of {@code userId} with its unread counts, counted here as storage counts
     * them (MembershipRepository#readMarker: after the marker, not mine, not deleted, not by someone I block; the
     * mentions among them; only the room's latest UNREAD_COUNTED_MAX), if the window holds every message it counts;
     * empty otherwise (ask storage).
     */
    public synchronized Optional<ReadMarker> unread(long lastReadSeq, String userId, java.util.Set<String> blocked) {
        // as storage counts: only the room's latest UNREAD_COUNTED_MAX messages
        long countedAfter = Math.max(lastReadSeq, lastSeq() - MembershipRepository.UNREAD_COUNTED_MAX);
        if (!primed || countedAfter < completeAfter) {
            return Optional.empty();
        }
        long unread = 0;
        long mentions = 0;
        Iterator<Message> it = messages.descendingIterator();
        while (it.hasNext()) {
            Message m = it.next();
            if (m.seq() <= countedAfter) {
                break;
            }
            String author = m.author().id();
            if (m.isDeleted() || author.equals(userId) || blocked.contains(author)) {
                continue;
            }
            unread++;
            if (m.mentions() != null && m.mentions().contains(userId)) {
                mentions++;
            }
        }
        return Optional.of(new ReadMarker(lastReadSeq, unread, mentions));
    }

    /** The newest message held, if any. */
    public synchronized Optional<Message> newest() {
        return Optional.ofNullable(messages.peekLast());
    }

    /** The highest seq in the window, 0 when empty. */
    public synchronized long lastSeq() {
        Message last = messages.peekLast();
        return last == null ? 0 : last.seq();
    }

    private void trim() {
        while (messages.size() > capacity) {
            Message evicted = messages.removeFirst();
            if (primed) {
                completeAfter = Math.max(completeAfter, evicted.seq());
            }
        }
    }

    /** Messages missed since a resume point, and the seq the session is in sync with afterwards. */
    public record Resume(List<Message> messages, long syncSeq) {
    }

    /** A page of messages (oldest first) and whether older ones exist. */
    public record Page(List<Message> messages, boolean hasMore) {
    }
}
