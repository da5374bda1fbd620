package io.tributary.consume;

import io.tributary.log.TopicPartition;
import io.tributary.web.ApiException;
import io.tributary.web.EmbeddedFormat;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorCode;
import io.tributary.web.FetchedRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams of a consumer instance: a chain of the same long polls as {@code GET .../records}, each
 * record sent as one event as soon as it is fetched. Between records a comment every {@link #HEARTBEAT} keeps proxies
 * from closing the connection and notices clients that left. No thread waits for records; a thread is busy only
 * while writing to the client. Records that could not be sent because the client left are fetched again by the
 * instance's next poll (its position moves back to them).
 */
@Component
class ConsumerStreams implements DisposableBean {

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ConsumerStreams.class);

    private final RecordFetcher fetcher;
    private final GroupCoordinator coordinator;
    /** Writes to clients; a slow client holds only its own writer thread, never a fetch thread. */
    private final ExecutorService writers;

    ConsumerStreams(RecordFetcher fetcher, GroupCoordinator coordinator) {
        this.fetcher = fetcher;
        this.coordinator = coordinator;
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tributary-sse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    SseEmitter open(ConsumerMember member, int maxBytes) {
        SseEmitter emitter = new SseEmitter(0L); // no servlet timeout: it lasts as long as the client and the instance
        Stream stream = new Stream(member, emitter, maxBytes);
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(e -> stream.stop());
        try {
            // Sent at once, so the client sees the stream open before the first record arrives.
            emitter.send(SseEmitter.event().comment("streaming records of consumer instance " + member));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stream.next();
        return emitter;
    }

    @Override
    public void destroy() {
        writers.shutdownNow();
    }

    private final class Stream {
        private final ConsumerMember member;
        private final SseEmitter emitter;
        private final int maxBytes;
        private volatile boolean stopped;
        private volatile PendingFetch current;

        Stream(ConsumerMember member, SseEmitter emitter, int maxBytes) {
            this.member = member;
            this.emitter = emitter;
            this.maxBytes = maxBytes;
        }

        void next() {
            if (stopped) {
                return;
            }
            try {
                current = fetcher.poll(member, HEARTBEAT, maxBytes);
            } catch (ApiException e) {
                end(e);
                return;
            }
            current.result().whenCompleteAsync(this::deliver, writers);
        }

        void stop() {
            stopped = true;
            PendingFetch fetch = current;
            if (fetch != null) {
                fetch.abandon(false);
            }
        }

        private void deliver(Fetched fetched, Throwable error) {
            if (stopped) {
                return;
            }
            if (error != null) {
                end(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                return;
            }
            if (fetched.superseded()) {
                stopped = true;
                emitter.complete();
                return;
            }
            List<FetchedRecord> records = fetched.records();
            int sent = 0;
            try {
                if (records.isEmpty()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                }
                EmbeddedFormat format = member.config().format();
                for (FetchedRecord r : records) {
                    emitter.send(SseEmitter.event().id(r.topic() + "/" + r.partition() + "/" + r.record().offset())
                            .data(RecordJson.write(r, format), MediaType.APPLICATION_JSON));
                    sent++;
                }
            } catch (IOException | IllegalStateException clientGone) {
                stop();
                coordinator.rewind(member, unsent(records.subList(sent, records.size())));
                return;
            }
            next();
        }

        /** Per partition: from after its last fetched record back to its first record not sent. */
        private static List<FetchPlan.Advance> unsent(List<FetchedRecord> records) {
            Map<TopicPartition, long[]> range = new LinkedHashMap<>();
            for (FetchedRecord r : records) {
                long offset = r.record().offset();
                range.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new long[] {offset, offset})[1] = offset;
            }
            List<FetchPlan.Advance> rewinds = new ArrayList<>();
            range.forEach((tp, firstLast) -> rewinds.add(new FetchPlan.Advance(tp, firstLast[1] + 1, firstLast[0])));
            return rewinds;
        }

        /** Ends the stream with a last {@code error} event carrying the usual error body. */
        private void end(Throwable error) {
            stopped = true;
            ErrorBody body = error instanceof ApiException api ? ErrorBody.of(api.errorCode(), api.getMessage())
                    : ErrorBody.of(ErrorCode.INTERNAL, "Internal server error.");
            if (!(error instanceof ApiException)) {
                log.error("Consumer stream of {} failed", member, error);
            }
            try {
                emitter.send(SseEmitter.event().name("error").data(body, MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | IllegalStateException clientGone) {
                // nothing left to tell
            }
        }
    }
}
