package io.tributary.log;

/**
 * Where an appended batch landed: offsets {@code baseOffset..lastOffset}, in request order.
 * {@code logAppendTime} is the broker time used for records without a timestamp.
 */
public record AppendResult(long baseOffset, long lastOffset, long logAppendTime) {
}
