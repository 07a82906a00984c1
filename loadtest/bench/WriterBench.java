/*
 * The message writer alone, no server and no harness: 20 senders, each keeping 64 submits in flight into a room of
 * its own (20 rooms, a client_id on every message, 100 characters of content), 5,000 messages to warm up, then
 * TOTAL messages; prints the messages per second stored and completed. Run as a single-file program against a
 * server jar (which carries the storage, config and protocol classes and the drivers), e.g. to compare builds:
 *
 *   java -Xmx2g -cp server/target/community-server.jar loadtest/bench/WriterBench.java postgres 4 40000
 *   java -Xmx2g -cp /tmp/base/server/target/community-server.jar loadtest/bench/WriterBench.java embedded 1 40000
 *
 * Arguments: STORE LANES TOTAL. STORE: embedded (H2 in a new temp directory) or postgres (a new schema in 127.0.0.1:5432/test as postgres,
 * dropped afterwards, so every run starts on a just-migrated, empty schema). LANES: writer.threads (builds
 * before writer lanes ignore it). Not part of the Maven build.
 */
import dev.community.config.ServerConfig;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.NewMessage;
import dev.community.storage.Storage;
import dev.community.storage.Uuids;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** Writer only, no server: 20 senders x 64 in flight into 20 rooms, messages/s stored and completed. */
public class WriterBench {
    public static void main(String[] args) throws Exception {
        String store = args[0]; int threads = Integer.parseInt(args[1]); int total = Integer.parseInt(args[2]);
        ServerConfig.WriterConfig writer;
        try {
            writer = ServerConfig.WriterConfig.class.getConstructor(int.class, Duration.class, int.class, int.class)
                    .newInstance(500, Duration.ofMillis(2), 50_000, threads);
        } catch (NoSuchMethodException old) {
            writer = new ServerConfig.WriterConfig(500, Duration.ofMillis(2), 50_000);
        }
        Path dir = Files.createTempDirectory("wbench");
        String schema = "wbench_" + UUID.randomUUID().toString().substring(0, 8);
        Optional<String> url = Optional.empty();
        if (store.equals("postgres")) {
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                c.createStatement().execute("CREATE SCHEMA " + schema);
            }
            url = Optional.of("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        }
        var db = new ServerConfig.DatabaseConfig(url, url.map(u -> "postgres"), Optional.empty(), 10);
        try (Storage storage = Storage.open(db, dir, writer, new SimpleMeterRegistry())) {
            List<UUID> rooms = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rooms.add(storage.rooms().create("r" + i, "wb-" + i, RoomType.FORUM, Visibility.PUBLIC, "owner", "").id());
            }
            run(storage, rooms, 5_000, "warm");
            double rate = run(storage, rooms, total, "main");
            System.out.printf("RESULT %s threads=%d %d messages: %.0f messages/s%n", store, threads, total, rate);
        } finally {
            if (store.equals("postgres")) {
                try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
                    c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    static double run(Storage storage, List<UUID> rooms, int total, String tag) throws Exception {
        int senders = 20; int per = total / senders;
        CountDownLatch done = new CountDownLatch(senders * per);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        for (int s = 0; s < senders; s++) {
            int sender = s;
            pool.submit(() -> {
                Semaphore window = new Semaphore(64);
                User user = new User(tag + "-u" + sender, "user " + sender);
                for (int i = 0; i < per; i++) {
                    window.acquireUninterruptibly();
                    NewMessage m = new NewMessage(Uuids.v7(), rooms.get(sender), user, tag + "-" + sender + "-" + i,
                            "x".repeat(100), "text", List.of(), List.of(), null, null, Instant.now());
                    storage.writer().submit(m).whenComplete((o, f) -> {
                        if (f != null) failed.incrementAndGet();
                        window.release();
                        done.countDown();
                    });
                }
            });
        }
        done.await();
        pool.shutdown();
        double secs = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) System.out.println("FAILED " + failed.get());
        return senders * per / secs;
    }
}
