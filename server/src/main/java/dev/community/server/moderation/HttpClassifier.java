package dev.community.server.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.config.ServerConfig;
import dev.community.server.ServerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The external classifier ({@code moderation.classifier.*}), spoken to in the widely used moderation API's shape:
 * {@code POST url} with {@code {"input": text, "model": model}} and {@code Authorization: Bearer api_key}, answered
 * by {@code {"results":[{"flagged","categories","category_scores"}]}} ({@link ClassifierJudge} turns the scores into
 * a verdict). Any hosted moderation service or local model server that speaks this shape fits.
 *
 * <p>Asynchronous throughout (the JDK HttpClient on this classifier's own two threads): nothing here runs on an
 * event loop or a writer lane. {@link ClassifierGate} bounds the requests in flight and the reviews waiting; the
 * timeout counts from asking, so queue wait is included. A review that gets no verdict fails with a
 * {@link ClassifierFailure} naming the kind; every outcome is counted ({@code community.moderation.classifier.*}).
 */
public final class HttpClassifier implements ContentModerator, AutoCloseable {
    /** An answer is a few hundred bytes; a megabyte is no moderation answer, and is not kept in memory. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private final URI url;
    private final Optional<String> apiKey;
    private final Optional<String> model;
    private final Duration timeout;
    private final ClassifierJudge judge;
    private final ServerMetrics metrics;
    private final ExecutorService executor;
    private final HttpClient client;
    private final ClassifierGate gate;
    private final ObjectMapper mapper = new ObjectMapper();

    public HttpClassifier(ServerConfig.ClassifierConfig config, ServerMetrics metrics) {
        this.url = config.url().orElseThrow(() -> new IllegalArgumentException("no moderation.classifier.url"));
        this.apiKey = config.apiKey();
        this.model = config.model();
        this.timeout = config.timeout();
        this.judge = new ClassifierJudge(config.flag(), config.hide(), config.reject());
        this.metrics = metrics;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "moderation-classifier-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout)
                // plain http is a local model server: no h2c upgrade dance, which some of them mishandle
                .version("https".equalsIgnoreCase(url.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.gate = new ClassifierGate(config.maxConcurrency(), config.queueCapacity(), executor);
        metrics.classifierLoad(gate::inFlight, gate::queued);
    }

    /** The time a review may take, queue wait included. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public CompletableFuture<ModerationVerdict> review(ContentReview content) {
        long started = System.nanoTime();
        CompletableFuture<ModerationVerdict> answer = new CompletableFuture<>();
        if (!gate.offer(() -> ask(content), answer)) {
            metrics.classifierError(ClassifierFailure.Kind.QUEUE_FULL.wire());
            return CompletableFuture.failedFuture(new ClassifierFailure(ClassifierFailure.Kind.QUEUE_FULL,
                    "the classifier's queue is full"));
        }
        // on this classifier's threads, so what follows the verdict never runs on the JDK's timeout thread
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handleAsync((verdict, failure) -> {
            metrics.classifierLatency(System.nanoTime() - started);
            if (failure == null) {
                metrics.classifierVerdict(verdict.decision().wire());
                return verdict;
            }
            ClassifierFailure why = failure(failure);
            metrics.classifierError(why.kind().wire());
            throw why;
        }, executor);
    }

    private CompletableFuture<ModerationVerdict> ask(ContentReview content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", content.reviewedText());
        model.ifPresent(m -> body.put("model", m));
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return client.sendAsync(request.build(), info -> new CappedBody(MAX_ANSWER_BYTES)).thenApply(response -> {
            int status = response.statusCode();
            if (status >= 500) {
                throw new ClassifierFailure(ClassifierFailure.Kind.HTTP_5XX, "the classifier answered " + status);
            }
            if (status < 200 || status > 299) {
                throw new ClassifierFailure(ClassifierFailure.Kind.HTTP_4XX, "the classifier answered " + status);
            }
            JsonNode answer;
            try {
                answer = mapper.readTree(response.body());
            } catch (IOException e) {
                throw new ClassifierFailure(ClassifierFailure.Kind.MALFORMED, "the classifier's answer is no JSON");
            }
            return judge.judge(answer);
        });
    }

    /** What a failure was, as one of the counted kinds. */
    static ClassifierFailure failure(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ClassifierFailure known) {
            return known;
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return new ClassifierFailure(ClassifierFailure.Kind.TIMEOUT, "the classifier did not answer in time");
        }
        return new ClassifierFailure(ClassifierFailure.Kind.CONNECTION, "the classifier could not be reached: " + cause);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** Collects an answer up to {@code max} bytes; a longer one fails as malformed without being kept. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + item.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new ClassifierFailure(ClassifierFailure.Kind.MALFORMED,
                            "the classifier's answer is over " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
