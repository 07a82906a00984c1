package dev.community.server.cluster;

import dev.community.protocol.Message;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Where a sequencer reads the messages pub/sub did not bring: storage, on the blocking executor. */
@FunctionalInterface
interface MessageSource {

    /** The oldest {@code limit} stored messages of the room with seq > {@code afterSeq}, ascending. */
    CompletableFuture<List<Message>> after(UUID roomId, long afterSeq, int limit);
}
