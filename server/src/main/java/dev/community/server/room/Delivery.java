package dev.community.server.room;

import dev.community.server.deflate.DeflatedFrames;
import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import dev.community.protocol.Message;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One room event, encoded once, in the variants different recipients need: the standard bytes, the actor's
 * own copy (a new_message carrying the sender's client_id), and the moderators' copy (unredacted content).
 * Each variant is held as a finished WebSocket text frame ({@link TextFrames}), written to every member as a
 * retained duplicate. Reference counted as a whole: whoever holds it releases it once.
 *
 * @param seq          the message seq for stored-message events, 0 for everything else
 * @param actorId      the author / typist / subject; recipients who block this user get nothing
 * @param excludeActor true when the actor's own connections must not receive it (typing, presence)
 */
public final class Delivery extends AbstractReferenceCounted {
    private final long seq;
    private final String actorId;
    private final boolean excludeActor;
    private final ByteBuf standard;
    private final ByteBuf forActor;
    private final ByteBuf forModerators;
    private final long createdNanos = System.nanoTime();
    /** The permessage-deflate twins, made on the first delivery to a member that negotiated compression. */
    private DeflatedFrames deflated;
    /** The user stream's twins naming the room ({@link RoomTags}), made on the first delivery to a stream. */
    private Map<ByteBuf, ByteBuf> tagged;
    /** The stored message a new_message delivery carries (for the stream's activity and mentions), else null. */
    private volatile Message message;
    private volatile boolean presence;

    /** Takes ownership of the JSON payloads (any of the last two may be null) and frames each once. */
    public Delivery(long seq, String actorId, boolean excludeActor, ByteBuf standard, ByteBuf forActor,
                    ByteBuf forModerators) {
        this.seq = seq;
        this.actorId = actorId;
        this.excludeActor = excludeActor;
        this.standard = standard == null ? null : TextFrames.frame(standard, standard.alloc());
        this.forActor = forActor == null ? null : TextFrames.frame(forActor, forActor.alloc());
        this.forModerators = forModerators == null ? null : TextFrames.frame(forModerators, forModerators.alloc());
    }

    public static Delivery of(ByteBuf standard) {
        return new Delivery(0, null, false, standard, null, null);
    }

    /**
     * Bytes only {@code actorId}'s connections receive, everyone else nothing: a sender's acknowledgement that has
     * to follow the message itself (seq 0, so a session that already wrote the message still writes it).
     */
    public static Delivery forActorOnly(String actorId, ByteBuf bytes) {
        return new Delivery(0, actorId, false, null, bytes, null);
    }

    /** Marks a presence event (user_joined, user_left, presence): the user stream forwards a DM's to its members. */
    public Delivery presence() {
        this.presence = true;
        return this;
    }

    /** Whether this is a presence event. */
    public boolean isPresence() {
        return presence;
    }

    /** Attaches the stored message this new_message delivery carries; before it is handed to any room. */
    public Delivery carrying(Message stored) {
        this.message = stored;
        return this;
    }

    /** The stored message of a new_message delivery, else null. */
    public Message message() {
        return message;
    }

    public long seq() {
        return seq;
    }

    public String actorId() {
        return actorId;
    }

    public boolean excludeActor() {
        return excludeActor;
    }

    public long createdNanos() {
        return createdNanos;
    }

    /** The bytes {@code userId} should receive, or null when it should receive nothing (no standard copy: only the actor). */
    public ByteBuf bytesFor(String userId, boolean moderator) {
        boolean isActor = userId.equals(actorId);
        if (isActor && excludeActor) {
            return null;
        }
        if (isActor && forActor != null) {
            return forActor;
        }
        if (moderator && forModerators != null) {
            return forModerators;
        }
        return standard;
    }

    /** As {@link #bytesFor(String, boolean)}; compressed (made once, shared) for a member with permessage-deflate. */
    public ByteBuf bytesFor(String userId, boolean moderator, boolean deflate) {
        ByteBuf plain = bytesFor(userId, moderator);
        return plain == null || !deflate ? plain : deflated().of(plain);
    }

    /**
     * As {@link #bytesFor(String, boolean, boolean)}, for a member on the user stream when {@code roomId} is not null:
     * the frame names the room. The tagged twin is made once per variant (shared by every stream member) and lives
     * as long as this delivery.
     */
    public ByteBuf bytesFor(String userId, boolean moderator, boolean deflate, UUID roomId) {
        if (roomId == null) {
            return bytesFor(userId, moderator, deflate);
        }
        ByteBuf plain = bytesFor(userId, moderator);
        if (plain == null) {
            return null;
        }
        ByteBuf named = tagged(plain, roomId);
        return deflate ? deflated().of(named) : named;
    }

    private synchronized ByteBuf tagged(ByteBuf frame, UUID roomId) {
        if (tagged == null) {
            tagged = new IdentityHashMap<>(4);
        }
        ByteBuf twin = tagged.get(frame);
        if (twin == null) {
            int header = TextFrames.headerLength(frame);
            ByteBuf json = RoomTags.tagged(frame, frame.readerIndex() + header, frame.readableBytes() - header, roomId);
            twin = TextFrames.frame(json, frame.alloc());
            tagged.put(frame, twin);
        }
        return twin;
    }

    private synchronized DeflatedFrames deflated() {
        if (deflated == null) {
            deflated = new DeflatedFrames();
        }
        return deflated;
    }

    @Override
    public Delivery retain() {
        super.retain();
        return this;
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        synchronized (this) {
            if (deflated != null) {
                deflated.release();
            }
            if (tagged != null) {
                tagged.values().forEach(ByteBuf::release);
                tagged = null;
            }
        }
        if (standard != null) {
            standard.release();
        }
        if (forActor != null) {
            forActor.release();
        }
        if (forModerators != null) {
            forModerators.release();
        }
    }
}
