package io.tributary.web.produce;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.common.StoredRecord;
import io.tributary.produce.ProduceRecord;
import io.tributary.web.Json;
import io.tributary.web.RecordsBodyConverter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.JsonGenerator;

/**
 * The HTTP codec path without HTTP: decoding a v2 produce body of {@code records} values of {@code recordBytes} (the
 * request reader), and encoding the same records as a consumer's records response (the records writer), in the json
 * and binary embedded formats. Operations per second are batches; multiply by {@code records} for records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    @Param({"binary", "json"})
    public String format;

    @Param({"1024"})
    public int recordBytes;

    @Param({"1000"})
    public int records;

    private EmbeddedFormat embedded;
    private byte[] produceBody;
    private List<FetchedRecord> fetched;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);

    @Setup
    public void setUp() {
        embedded = EmbeddedFormat.fromName(format);
        SplittableRandom random = new SplittableRandom(7);
        StringBuilder body = new StringBuilder("{\"records\":[");
        fetched = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            byte[] value = value(random);
            String data = embedded == EmbeddedFormat.BINARY ? "\"" + Base64.getEncoder().encodeToString(value) + "\""
                    : new String(value, StandardCharsets.UTF_8);
            body.append(i == 0 ? "" : ",").append("{\"value\":").append(data).append('}');
            fetched.add(new FetchedRecord("bench", 0, new StoredRecord(i, 1_700_000_000_000L, null, value, List.of())));
        }
        produceBody = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string of recordBytes bytes in the json format (so both formats store the same size), random bytes else. */
    private byte[] value(SplittableRandom random) {
        byte[] value = new byte[recordBytes];
        if (embedded == EmbeddedFormat.BINARY) {
            random.nextBytes(value);
            return value;
        }
        value[0] = '"';
        for (int i = 1; i < value.length - 1; i++) {
            value[i] = (byte) ('a' + random.nextInt(26));
        }
        value[value.length - 1] = '"';
        return value;
    }

    @Benchmark
    public List<ProduceRecord> decodeProduceRequest() {
        return V2ProduceRequestReader.read(new ByteArrayInputStream(produceBody), embedded, Integer.MAX_VALUE);
    }

    @Benchmark
    public int encodeRecordsResponse() {
        out.reset();
        RecordsBodyConverter.requireConvertible(fetched, embedded);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (FetchedRecord r : fetched) {
                RecordsBodyConverter.writeRecord(g, r, embedded);
            }
            g.writeEndArray();
        }
        return out.size();
    }
}
