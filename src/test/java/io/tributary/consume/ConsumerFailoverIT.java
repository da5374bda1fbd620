package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.TestConsumer.Rec;
import io.tributary.support.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Members leaving (deleted or expired), redelivery of uncommitted records, commit fencing, auto-commit, errors. */
class ConsumerFailoverIT extends ConsumerHttpSupport {

    @Test
    void aDeletedMembersUncommittedRecordsAreRedeliveredToTheNewOwner() {
        String topic = topic(2);
        String group = unique("group");
        TestConsumer c0 = TestConsumer.create(http(), group, "c0", false).subscribe(topic);
        TestConsumer c1 = TestConsumer.create(http(), group, "c1", false).subscribe(topic);
        settle(List.of(c0, c1), List.of(1, 1));
        produceEach(topic, 2, 10);
        int p0 = c0.partitions().iterator().next();
        List<Rec> firstOwner = drain(List.of(c0), 10).get(c0);
        assertThat(c0.commit(topic, p0, 4).status()).isEqualTo(204); // processed 0..3 only

        assertThat(c0.delete().status()).isEqualTo(204);

        settle(List.of(c1), List.of(2));
        List<Rec> secondOwner = drain(List.of(c1), 16).get(c1); // its own 10 plus the 6 uncommitted of p0
        assertThat(firstOwner).extracting(Rec::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(secondOwner).filteredOn(r -> r.partition() == p0).extracting(Rec::offset)
                .containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(secondOwner).filteredOn(r -> r.partition() != p0).hasSize(10);
    }

    @Test
    void anExpiredMembersPartitionMovesAndItsUncommittedRecordsAreRedelivered() {
        String topic = topic(2);
        String group = unique("group");
        TestConsumer c0 = TestConsumer.create(http(), group, Map.of("name", "c0", "format", "json", "auto.offset.reset",
                "earliest", "auto.commit.enable", "false", "consumer.instance.timeout.ms", "1000")).subscribe(topic);
        TestConsumer c1 = TestConsumer.create(http(), group, "c1", false).subscribe(topic);
        settle(List.of(c0, c1), List.of(1, 1));
        int p0 = c0.partitions().iterator().next();
        produceToPartition(topic, p0, "1", "2", "3");
        assertThat(drain(List.of(c0), 3).get(c0)).hasSize(3); // fetched, never committed; then c0 goes silent

        List<Rec> taken = new ArrayList<>();
        eventually().until(() -> {
            taken.addAll(c1.poll(100));
            return taken.size() >= 3;
        });

        assertThat(c1.partitions()).containsExactlyInAnyOrder(0, 1);
        assertThat(taken).extracting(Rec::partition, Rec::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(p0, 0L), org.assertj.core.groups.Tuple.tuple(p0, 1L),
                        org.assertj.core.groups.Tuple.tuple(p0, 2L));
        Http.Response late = c0.pollRaw(0, Http.JSON_V2);
        assertThat(late.status()).isEqualTo(404);
        assertThat(late.errorCode()).isEqualTo(40403);
        assertThat(late.json().path("message").asString()).contains("expired").contains("consumer.instance.timeout.ms=1000");
    }

    @Test
    void aCommitIncludingAPartitionNotOwnedIsRejectedAndChangesNothing() {
        String topic = topic(2);
        String group = unique("group");
        TestConsumer c0 = TestConsumer.create(http(), group, "c0", false).subscribe(topic);
        TestConsumer c1 = TestConsumer.create(http(), group, "c1", false).subscribe(topic);
        settle(List.of(c0, c1), List.of(1, 1));
        int mine = c0.partitions().iterator().next();
        int theirs = c1.partitions().iterator().next();

        Http.Response r = http().post(c0.base + "/offsets", Http.V2, Http.toJson(Map.of("offsets", List.of(
                Map.of("topic", topic, "partition", mine, "offset", 1),
                Map.of("topic", topic, "partition", theirs, "offset", 1)))));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo(40903);
        assertThat(committed(c0, topic, mine)).isEmpty();
        assertThat(committed(c1, topic, theirs)).isEmpty();
        assertThat(c0.commit(topic, mine, 1).status()).isEqualTo(204);
        assertThat(committed(c0, topic, mine)).containsExactly(1L);
    }

    @Test
    void autoCommitCommitsThePreviousPollAndAReplacementResumesThere() {
        String topic = topic(1);
        String group = unique("group");
        TestConsumer c0 = TestConsumer.create(http(), group, "c0", true).subscribe(topic);
        settle(List.of(c0), List.of(1));
        produceToPartition(topic, 0, "1", "2", "3", "4", "5");
        assertThat(drain(List.of(c0), 5).get(c0)).hasSize(5);
        assertThat(committed(c0, topic, 0)).as("not committed before the next poll").doesNotContain(5L);

        c0.poll(0);
        assertThat(committed(c0, topic, 0)).containsExactly(5L);
        assertThat(c0.delete().status()).isEqualTo(204);

        TestConsumer next = TestConsumer.create(http(), group, "c1", true).subscribe(topic);
        produceToPartition(topic, 0, "6");
        assertThat(drain(List.of(next), 1).get(next)).extracting(Rec::offset).containsExactly(5L);
    }

    @Test
    void aDeletedInstanceAnswers40403SayingSo() {
        TestConsumer c0 = TestConsumer.create(http(), unique("group"), "c0", true);
        assertThat(c0.delete().status()).isEqualTo(204);

        Http.Response r = http().get(c0.base + "/assignments");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo(40403);
        assertThat(r.json().path("message").asString()).contains("was deleted");
        assertThat(c0.delete().status()).isEqualTo(404);
        assertThat(http().get("/consumers/" + unique("g") + "/instances/nobody/assignments").errorCode()).isEqualTo(40403);
    }

    @Test
    void aPollWithAnAcceptOtherThanTheInstancesFormatIs406() {
        String topic = topic(1);
        TestConsumer c0 = TestConsumer.create(http(), unique("group"), "c0", true).subscribe(topic);

        Http.Response wrong = c0.pollRaw(0, Http.BINARY_V2);
        Http.Response noData = c0.pollRaw(0, Http.V2);

        assertThat(wrong.status()).isEqualTo(406);
        assertThat(wrong.errorCode()).isEqualTo(40601);
        assertThat(noData.errorCode()).isEqualTo(40601);
        assertThat(c0.pollRaw(0, Http.JSON_V2).status()).isEqualTo(200);
    }

    @Test
    void invalidInstanceSettingsAreRefusedWith42204AndDuplicatesWith40902() {
        String group = unique("group");
        assertThat(http().post("/consumers/" + group, Http.V2, "{\"format\":\"avro\"}").errorCode()).isEqualTo(42204);
        assertThat(http().post("/consumers/" + group, Http.V2, "{\"auto.offset.reset\":\"sometimes\"}").errorCode()).isEqualTo(42204);
        assertThat(http().post("/consumers/" + group, Http.V2, "{\"auto.commit.enable\":\"maybe\"}").errorCode()).isEqualTo(42204);
        assertThat(http().post("/consumers/" + group, Http.V2, "{\"consumer.instance.timeout.ms\":10}").errorCode()).isEqualTo(42204);
        TestConsumer.create(http(), group, "same", true);
        Http.Response duplicate = http().post("/consumers/" + group, Http.V2, "{\"name\":\"same\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo(40902);
    }

    private List<Long> committed(TestConsumer consumer, String topic, int partition) {
        Http.Response r = http().get(consumer.base + "/offsets?topic=" + topic + "&partition=" + partition);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Long> offsets = new ArrayList<>();
        r.json().path("offsets").forEach(o -> offsets.add(o.path("offset").asLong()));
        return offsets;
    }
}
