package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.crash.SegmentFiles.Batch;
import io.tributary.support.ChildService;
import io.tributary.support.Http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service over a data dir damaged the way crashes and disks damage files: a torn segment tail, a
 * flipped byte in the last batch and one in a closed segment, a missing and a stale index, a half-written topic
 * metadata file. It starts, keeps every valid record at its offset, reports each repair (log and health), refuses
 * to serve the corrupt batch, and goes on appending. (The engine's own cases are in LogRecoveryTest; this is what
 * the service makes of them.)
 */
class CorruptDataIT extends ChildServiceTestBase {

    private static final int RECORDS = 40;
    private static final long BASE_TIMESTAMP = 1_700_000_000_000L;
    private static final String SMALL_SEGMENTS = "{\"name\":\"segment.bytes\",\"value\":\"1024\"}";

    @Test
    void startsOverDamagedFilesKeepsEveryValidRecordAndReportsTheRepairs() throws Exception {
        Path output = output("corrupt-data");
        child = ChildService.start(dataDir, output, "--tributary.log.index-interval-bytes=128");
        Http http = child.http();
        createTopic(http, "torn", 2);
        createTopic(http, "indexed", 2, SMALL_SEGMENTS);
        createTopic(http, "meta", 2);
        createTopic(http, "rot", 1, SMALL_SEGMENTS);
        for (String partition : List.of("torn-0", "torn-1", "indexed-0", "indexed-1", "meta-0", "meta-1", "rot-0")) {
            produce(http, partition);
        }
        child.kill(); // a crash: the active segments are scanned at the next start

        Path log = dataDir.resolve("log");
        Path tornTail = SegmentFiles.segments(log, "torn-0").get(0);
        Batch lastOfTorn0 = last(SegmentFiles.batches(tornTail));
        SegmentFiles.truncate(tornTail, lastOfTorn0.position() + 20); // the last write, cut short
        Path flipped = SegmentFiles.segments(log, "torn-1").get(0);
        Batch lastOfTorn1 = last(SegmentFiles.batches(flipped));
        SegmentFiles.flipByte(flipped, lastOfTorn1.position() + lastOfTorn1.size() - 3); // its value
        List<Path> indexed0 = SegmentFiles.segments(log, "indexed-0");
        List<Path> indexed1 = SegmentFiles.segments(log, "indexed-1");
        assertThat(indexed0).as("closed segments to damage").hasSizeGreaterThan(2);
        Files.delete(SegmentFiles.index(indexed0.get(0)));
        Files.delete(SegmentFiles.timeIndex(indexed0.get(1)));
        SegmentFiles.shiftIndexPositions(SegmentFiles.index(indexed1.get(1)), 7); // stale: points inside batches
        Path metadata = log.resolve("meta.properties");
        byte[] metadataBytes = Files.readAllBytes(metadata);
        Files.write(metadata, java.util.Arrays.copyOf(metadataBytes, metadataBytes.length / 2));
        Path rotten = SegmentFiles.segments(log, "rot-0").get(0);
        Batch sixth = SegmentFiles.batches(rotten).get(5);
        SegmentFiles.flipByte(rotten, sixth.position() + sixth.size() - 3); // bit rot in a closed segment

        child = ChildService.start(dataDir, output);
        http = child.http();

        JsonNode recovery = lastRecovery(http);
        assertThat(recovery.get("cleanShutdown").asBoolean()).isFalse();
        assertThat(strings(recovery.get("repairedPartitions"))).as("repaired: %s", recovery)
                .containsExactly("indexed-0", "indexed-1", "meta-0", "meta-1", "torn-0", "torn-1");
        assertThat(recovery.get("bytesTruncated").asLong()).isEqualTo(20 + lastOfTorn1.size());
        assertThat(child.output()).contains("Log recovery: truncated torn-0/", "Log recovery: truncated torn-1/",
                "Log recovery: rebuilt indexes of indexed-0/", "Log recovery: rebuilt indexes of indexed-1/",
                "Log recovery: topic metadata meta.properties is damaged", "after an unclean shutdown");

        assertThat(readAll(http, "torn-0")).as("up to the torn batch").isEqualTo(values("torn-0", RECORDS - 1));
        assertThat(readAll(http, "torn-1")).as("up to the corrupt last batch").isEqualTo(values("torn-1", RECORDS - 1));
        for (String partition : List.of("indexed-0", "indexed-1", "meta-0", "meta-1")) {
            assertThat(readAll(http, partition)).as(partition).isEqualTo(values(partition, RECORDS));
        }
        JsonNode byTime = read(http, "indexed-0", "timestamp=" + (BASE_TIMESTAMP + 25_000) + "&max_records=1").json();
        assertThat(byTime.get(0).get("offset").asLong()).as("time index rebuilt").isEqualTo(25);
        assertThat(http.get("/topics/meta").json().get("configs").get("retention.ms").asString())
                .as("a rebuilt topic deletes nothing until its configs are set again").isEqualTo("-1");

        assertThat(values(read(http, "rot-0", "offset=0&max_records=100").json()))
                .as("the records before the corrupt batch").isEqualTo(values("rot-0", 5));
        Http.Response corrupt = read(http, "rot-0", "offset=5");
        assertThat(corrupt.status()).isEqualTo(500);
        assertThat(corrupt.errorCode()).isEqualTo(50002);
        assertThat(corrupt.json().get("message").asString()).contains("checksum");
        assertThat(child.output()).as("what an operator needs to seek past it")
                .contains("Corrupt data refused: Corrupt data in rot-0", "(offsets 5 to 5 by its header) failed its checksum");
        assertThat(values(read(http, "rot-0", "offset=6&max_records=100").json()))
                .as("the records after it").isEqualTo(values("rot-0", RECORDS).subList(6, RECORDS));

        Http.Response appended = http.post("/topics/torn/partitions/0", Http.JSON_V2, "{\"records\":[{\"value\":\"after\"}]}");
        assertThat(appended.json().get("offsets").get(0).get("offset").asLong()).isEqualTo(RECORDS - 1);
        assertThat(http.post("/topics/meta/partitions/1", Http.JSON_V2, "{\"records\":[{\"value\":\"after\"}]}")
                .json().get("offsets").get(0).get("offset").asLong()).isEqualTo(RECORDS);

        assertThat(child.terminate(Duration.ofSeconds(60))).isEqualTo(ChildService.SIGTERM_EXIT);
        child = ChildService.start(dataDir, output);
        assertThat(lastRecovery(child.http()).get("repairs")).as("the repairs were made once, for good").isEmpty();
    }

    /** One request, so one batch, per record: the damage then hits known records. */
    private static void produce(Http http, String partition) {
        int dash = partition.lastIndexOf('-');
        String path = "/topics/" + partition.substring(0, dash) + "/partitions/" + partition.substring(dash + 1);
        List<String> values = values(partition, RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            Http.Response response = http.post(path, Http.JSON_V2, "{\"records\":[{\"value\":\"" + values.get(i)
                    + "\",\"timestamp\":" + (BASE_TIMESTAMP + i * 1000L) + "}]}");
            assertThat(response.status()).as("produce to %s: %s", partition, response).isEqualTo(200);
        }
    }

    private static List<String> values(String partition, int count) {
        return IntStream.range(0, count).mapToObj(i -> partition + "-" + i).toList();
    }

    private static Http.Response read(Http http, String partition, String query) {
        int dash = partition.lastIndexOf('-');
        return http.get("/topics/" + partition.substring(0, dash) + "/partitions/" + partition.substring(dash + 1)
                + "/records?" + query, Http.JSON_V2);
    }

    /** Every record from offset 0 to the end, checking each is at its offset. */
    private static List<String> readAll(Http http, String partition) {
        Http.Response response = read(http, partition, "offset=0&max_records=1000");
        assertThat(response.status()).as("read %s: %s", partition, response).isEqualTo(200);
        JsonNode records = response.json();
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).get("offset").asLong()).isEqualTo(i);
        }
        return values(records);
    }

    private static List<String> values(JsonNode records) {
        List<String> values = new ArrayList<>();
        records.forEach(r -> values.add(r.get("value").asString()));
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(n -> strings.add(n.asString()));
        return strings;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
