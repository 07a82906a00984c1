/*
 * What the commit path encodes for every stored message: the members' new_message and the author's copy (with
 * client_id), as EventEncoder does it, single-threaded; prints ns per stored message for five rounds after a
 * warm-up. A single-file program against a server jar, e.g. before and after:
 *
 *   java -Xmx1g -cp /tmp/base/server/target/community-server.jar loadtest/bench/EncodeBench.java
 *   java -Xmx1g -cp server/target/community-server.jar loadtest/bench/EncodeBench.java
 *
 * Builds without EventEncoder.newMessageForAuthor encode the author's copy a second time. Not part of the Maven build.
 */
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import dev.community.server.room.EventEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the commit path encodes per stored message: the members' new_message and the author's copy. */
public class EncodeBench {
    public static void main(String[] args) throws Exception {
        EventEncoder encoder = new EventEncoder(new JsonCodec(), PooledByteBufAllocator.DEFAULT);
        Method splice = null;
        try {
            splice = EventEncoder.class.getMethod("newMessageForAuthor", ByteBuf.class, ServerEvent.NewMessage.class);
        } catch (NoSuchMethodException old) {
        }
        User author = new User("b1-ingest-3", "b1-ingest-3");
        String content = "lt 123456789012 b1-ingest-3-42 " + "x".repeat(70);
        long sink = 0;
        for (int round = 0; round < 6; round++) {
            int n = round == 0 ? 300_000 : 500_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Message m = new Message(new UUID(7L << 12, i), new UUID(9L, 1L), i, null, author, content, "text", List.of(),
                        List.of(), null, Map.of(), Instant.now(), null, false, false);
                ByteBuf standard = encoder.encode(new ServerEvent.NewMessage(m, null));
                ServerEvent.NewMessage forAuthor = new ServerEvent.NewMessage(m, "b1-ingest-3-" + i);
                ByteBuf mine = splice != null ? (ByteBuf) splice.invoke(encoder, standard, forAuthor) : encoder.encode(forAuthor);
                sink += standard.readableBytes() + mine.readableBytes();
                standard.release();
                mine.release();
            }
            double ns = (System.nanoTime() - start) / (double) n;
            if (round > 0) System.out.printf("RESULT %s %.0f ns per stored message%n", splice != null ? "new" : "old", ns);
        }
        if (sink == 42) System.out.println();
    }
}
