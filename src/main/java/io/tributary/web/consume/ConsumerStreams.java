package io.tributary.web.consume;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerPoll;
import io.tributary.consume.Fetched;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorTranslator;
import io.tributary.web.RecordsBodyConverter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** Writes to clients; a slow client holds only its own writer thread, never a fetch thread. */
    private final ExecutorService writers;

    ConsumerStreams() {
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tributary-sse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    SseEmitter open(ConsumerInstance consumer, int maxBytes) {
        SseEmitter emitter = new SseEmitter(0L); // no servlet timeout: it lasts as long as the client and the instance
        Stream stream = new Stream(consumer, emitter, maxBytes);
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(e -> stream.stop());
        try {
            // Sent at once, so the client sees the stream open before the first record arrives.
            emitter.send(SseEmitter.event().comment("streaming records of consumer instance " + consumer.id()
                    + " of group " + consumer.group()));
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
        private final ConsumerInstance consumer;
        private final SseEmitter emitter;
        private final int maxBytes;
        private volatile boolean stopped;
        private volatile ConsumerPoll current;

        Stream(ConsumerInstance consumer, SseEmitter emitter, int maxBytes) {
            this.consumer = consumer;
            this.emitter = emitter;
            this.maxBytes = maxBytes;
        }

        void next() {
            if (stopped) {
                return;
            }
            EmbeddedFormat format = consumer.config().format();
            try {
                current = consumer.poll(HEARTBEAT, maxBytes, records -> RecordsBodyConverter.requireConvertible(records, format));
            } catch (RuntimeException e) {
                end(e);
                return;
            }
            current.result().whenCompleteAsync(this::deliver, writers);
        }

        void stop() {
            stopped = true;
            ConsumerPoll poll = current;
            if (poll != null) {
                poll.abandon();
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
                EmbeddedFormat format = consumer.config().format();
                for (FetchedRecord r : records) {
                    emitter.send(SseEmitter.event().id(r.topic() + "/" + r.partition() + "/" + r.record().offset())
                            .data(RecordJson.write(r, format), MediaType.APPLICATION_JSON));
                    sent++;
                }
            } catch (IOException | IllegalStateException clientGone) {
                stop();
                consumer.redeliver(records.subList(sent, records.size()));
                return;
            } catch (RuntimeException e) {
                // never a silent stall: the client gets the error, the records it did not get are read again
                consumer.redeliver(records.subList(sent, records.size()));
                end(e);
                return;
            }
            next();
        }

        /** Ends the stream with a last {@code error} event carrying the usual error body. */
        private void end(Throwable error) {
            stopped = true;
            ErrorBody body = ErrorTranslator.toBody(error);
            try {
                emitter.send(SseEmitter.event().name("error").data(body, MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | IllegalStateException clientGone) {
                // nothing left to tell
            }
        }
    }
}
