package io.tributary.web.cluster;

import io.tributary.common.errors.BackendUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Sends a request on to the node that holds its consumer instance and streams the answer back as it comes: status
 * and headers at once, then each piece of the body flushed as it arrives, so long polls and server-sent event streams
 * work through the hop. No request thread waits meanwhile (servlet async; the JDK's HttpClient reads the answer). The
 * request goes with its method, path, query, headers (credentials included: the holder checks them again) and body,
 * plus {@link #HOP_HEADER}, so the holder serves it whatever it believes about the instance.
 *
 * <p>When the holder cannot be reached (it died a moment ago) the answer is 50003: the client retries, and by then
 * the holder is known dead and the receiving node takes the instance over. When the holder goes away in the middle of
 * an answer, the answer ends there (an event stream closes and the client reconnects with {@code Last-Event-ID}; a
 * long poll's body is cut short).
 */
final class RequestForwarder implements AutoCloseable {

    /** Marks a forwarded request; its value names the node that forwarded it. */
    static final String HOP_HEADER = "Tributary-Forwarded-By";

    /** Hop-by-hop headers (RFC 9110 7.6.1) and those the HttpClient sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect", "http2-settings");

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "tributary-forward");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client;
    private final Duration answerTimeout;
    private final HandlerExceptionResolver errors;

    /**
     * @param answerTimeout how long the holder may take to start its answer (a long poll answers when it ends)
     */
    RequestForwarder(Duration connectTimeout, Duration answerTimeout, HandlerExceptionResolver errors) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        this.answerTimeout = answerTimeout;
        this.errors = errors;
    }

    void forward(HttpServletRequest request, HttpServletResponse response, URI node) throws IOException {
        byte[] body = request.getInputStream().readAllBytes(); // small (subscriptions, offsets) and size-limited
        HttpRequest forwarded = forwardedRequest(request, node, body);
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the holder's answer ends the exchange, however long a stream runs
        Exchange exchange = new Exchange(request, response, async, node);
        async.addListener(exchange);
        client.sendAsync(forwarded, exchange).whenComplete((ignored, error) -> {
            if (error != null) {
                exchange.failed(error);
            }
        });
    }

    private HttpRequest forwardedRequest(HttpServletRequest request, URI node, byte[] body) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        String base = node.toString().endsWith("/") ? node.toString().substring(0, node.toString().length() - 1) : node.toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.getRequestURI() + query))
                .timeout(answerTimeout)
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase(HOP_HEADER)) {
                Collections.list(request.getHeaders(name)).forEach(value -> builder.header(name, value));
            }
        }
        String forwardedFor = request.getHeader("X-Forwarded-For");
        builder.setHeader("X-Forwarded-For", (forwardedFor == null ? "" : forwardedFor + ", ") + request.getRemoteAddr());
        builder.header(HOP_HEADER, request.getLocalName() + ":" + request.getLocalPort());
        return builder.build();
    }

    /** One forwarded request: copies the holder's answer into the client's response as it arrives. */
    private final class Exchange implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void>,
            AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AsyncContext async;
        private final URI node;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean completed = new AtomicBoolean();
        private volatile Flow.Subscription subscription;

        Exchange(HttpServletRequest request, HttpServletResponse response, AsyncContext async, URI node) {
            this.request = request;
            this.response = response;
            this.async = async;
            this.node = node;
        }

        /** The holder's status and headers: passed on and flushed at once (an event stream starts with them). */
        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            response.setStatus(info.statusCode());
            info.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase("content-length")) {
                    values.forEach(value -> response.addHeader(name, value));
                }
            });
            try {
                response.flushBuffer();
            } catch (IOException e) {
                // the client left; the first body write cancels the exchange
            }
            return this;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                ServletOutputStream out = response.getOutputStream();
                for (ByteBuffer buffer : buffers) {
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    out.write(bytes);
                }
                out.flush();
                subscription.request(1);
            } catch (IOException | RuntimeException e) {
                subscription.cancel(); // the client left: stop reading from the holder, which then ends its side
                complete();
            }
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
            complete();
        }

        @Override
        public void onComplete() {
            done.complete(null);
            complete();
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        /** The holder could not be reached or gave up: 50003 if nothing was sent yet, else a cut answer. */
        void failed(Throwable error) {
            if (!response.isCommitted() && !completed.get()) {
                errors.resolveException(request, response, null, new BackendUnavailableException("The node "
                        + node + " that holds this consumer instance did not answer (" + describe(error)
                        + "); retry, and another node takes the instance over once that node is found dead.", error));
            }
            complete();
        }

        private void complete() {
            if (completed.compareAndSet(false, true)) {
                async.complete();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            complete();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            onError(event);
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.util.concurrent.CompletionException)) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
