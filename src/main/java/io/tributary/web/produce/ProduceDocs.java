package io.tributary.web.produce;

/** What the produce endpoints say about Idempotency-Key, in one place for v2 and v3. */
final class ProduceDocs {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    static final String IDEMPOTENCY_KEY_V2 = """
            A name for this request (1 to 255 visible ASCII characters, e.g. a UUID), to retry it safely: a repeat \
            with the same key and the same body within tributary.produce.idempotency-window (24 h) appends nothing \
            and answers the first request's offsets, with `Idempotent-Replayed: true`; records of it that never became \
            durable (a crash) are appended once. The same key with another body is refused (422, error_code 42209). A \
            repeat sent while the first is still in flight waits for it. Keys are per topic. docs/reliability.md. With             tributary.backend=kafka the header is refused (400): the nodes keep no memory of requests             (docs/scale-out.md).""";

    static final String IDEMPOTENCY_KEY_V3 = """
            As for v2 produce, per record: the n-th record of the body (from 0) is a request of its own with key \
            `<Idempotency-Key>#n`, so a stream sent again after a broken connection appends only the records that did \
            not make it and answers the others with their first offsets. `Idempotent-Replayed: true` when one of the \
            first records answered was a repeat.""";

    static final String IDEMPOTENCY_KEY_V3_BATCH = """
            As for v3 produce, per entry: the n-th entry of the batch (from 0) is a request of its own with key \
            `<Idempotency-Key>#n`, so a batch sent again appends only the entries that did not make it and answers the \
            others with their first offsets (`Idempotent-Replayed: true`); the same key with other records is that \
            entry's failure (42209).""";

    private ProduceDocs() {
    }
}
