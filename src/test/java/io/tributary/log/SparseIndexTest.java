package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SparseIndexTest {

    @Test
    void offsetLookupFindsTheLastEntryAtOrBeforeTheOffsetAtEveryBoundary() {
        OffsetIndex index = OffsetIndex.empty();
        for (int i = 0; i < 100; i++) {
            index.append(i * 10, i * 4096);
        }
        assertThat(index.lookup(0)).isZero();
        assertThat(index.lookup(9)).isZero();
        assertThat(index.lookup(10)).isEqualTo(4096);
        assertThat(index.lookup(11)).isEqualTo(4096);
        assertThat(index.lookup(990)).isEqualTo(99 * 4096);
        assertThat(index.lookup(Long.MAX_VALUE)).isEqualTo(99 * 4096);
        assertThat(OffsetIndex.empty().lookup(5)).isZero();
    }

    @Test
    void timeLookupStartsAtTheLastEntryStrictlyBeforeTheTimestamp() {
        TimeIndex index = TimeIndex.empty();
        index.maybeAppend(1_000, 10);
        index.maybeAppend(1_000, 20);
        index.maybeAppend(2_000, 30);

        assertThat(index.count()).isEqualTo(2);
        assertThat(index.lookup(0)).isZero();
        assertThat(index.lookup(1_000)).isZero();
        assertThat(index.lookup(1_001)).isEqualTo(10);
        assertThat(index.lookup(2_000)).isEqualTo(10);
        assertThat(index.lookup(2_001)).isEqualTo(30);
    }

    @Test
    void fileFormatsRoundTripWithTheirKeyWidths() {
        OffsetIndex offsets = OffsetIndex.empty();
        offsets.append(0, 0);
        offsets.append(7, 512);
        TimeIndex times = TimeIndex.empty();
        times.maybeAppend(5_000_000_000L, 3);

        ByteBuffer offsetFile = offsets.serialize();
        ByteBuffer timeFile = times.serialize();

        assertThat(offsetFile.remaining()).isEqualTo(2 * 8);
        assertThat(timeFile.remaining()).isEqualTo(12);
        OffsetIndex reread = OffsetIndex.parse(offsetFile);
        assertThat(reread.lastRelativeOffset()).isEqualTo(7);
        assertThat(reread.lastPosition()).isEqualTo(512);
        TimeIndex rereadTimes = TimeIndex.parse(timeFile);
        assertThat(rereadTimes.lastTimestamp()).isEqualTo(5_000_000_000L);
        assertThat(rereadTimes.lastRelativeOffset()).isEqualTo(3);
    }

    @Test
    void parseRejectsTornAndOutOfOrderFiles() {
        ByteBuffer torn = ByteBuffer.allocate(12).putInt(0).putInt(0).putInt(1).flip();
        ByteBuffer samePosition = ByteBuffer.allocate(16).putInt(0).putInt(100).putInt(1).putInt(100).flip();
        ByteBuffer timeGoingBack = ByteBuffer.allocate(24).putLong(2_000).putInt(1).putLong(1_000).putInt(2).flip();

        assertThatThrownBy(() -> OffsetIndex.parse(torn)).hasMessageContaining("not a multiple of 8");
        assertThatThrownBy(() -> OffsetIndex.parse(samePosition)).hasMessageContaining("entry 1 is out of order");
        assertThatThrownBy(() -> TimeIndex.parse(timeGoingBack)).hasMessageContaining("entry 1 is out of order");
    }

    @Test
    void truncationDropsLaterEntriesAndAppendsContinueFromThere() {
        OffsetIndex index = OffsetIndex.empty();
        index.append(0, 0);
        index.append(10, 4096);
        index.truncateTo(1);
        index.append(5, 2048);

        assertThat(index.count()).isEqualTo(2);
        assertThat(index.lookup(10)).isEqualTo(2048);
        assertThat(index.lastRelativeOffset()).isEqualTo(5);
    }
}
