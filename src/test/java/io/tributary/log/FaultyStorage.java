package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file system that fails on demand: a full disk (writes stop half way with ENOSPC's message), writes that fail with
 * an I/O error (nothing written), or fsyncs that report I/O errors; or a crash ({@link #crashAfter}): after a number of
 * operations that change files (open, write, truncate, fsync, rename, delete) every further one fails without effect,
 * so the files stay as a kill -9 at that point would leave them. Used by engine and service tests.
 */
public final class FaultyStorage implements StorageIo {

    public volatile boolean diskFull;
    public volatile boolean writeFails;
    public volatile boolean fsyncFails;
    public final AtomicInteger failedWrites = new AtomicInteger();
    public final AtomicInteger failedFsyncs = new AtomicInteger();
    /** How long each fsync takes at least (0: as long as the disk takes), to widen the windows races need. */
    public volatile long fsyncDelayNanos;
    /** The most fsyncs ever in progress at once, over all files. */
    public final AtomicInteger maxConcurrentFsyncs = new AtomicInteger();
    private final AtomicInteger fsyncsInProgress = new AtomicInteger();
    /** Operations left before the crash; negative: no crash armed. */
    private final AtomicInteger untilCrash = new AtomicInteger(-1);
    private volatile boolean crashed;
    /** Operations counted since {@link #crashAfter} (also when the crash was never reached). */
    public final AtomicInteger operations = new AtomicInteger();

    /** From now on, the {@code operations}+1-th operation that changes files and all after it fail, as after a kill. */
    public void crashAfter(int operations) {
        this.operations.set(0);
        untilCrash.set(operations);
    }

    /** Whether the armed crash happened: an operation was refused. */
    public boolean crashed() {
        return crashed;
    }

    /** Counts an operation that changes files; refuses it when the crash is due or past. */
    private void operation() throws IOException {
        int left = untilCrash.get();
        if (left < 0) {
            return;
        }
        if (left == 0) {
            crashed = true;
            throw new IOException("simulated crash");
        }
        untilCrash.decrementAndGet();
        operations.incrementAndGet();
    }

    /** No fault from now on. */
    public void heal() {
        diskFull = false;
        writeFails = false;
        fsyncFails = false;
    }

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        if (options.contains(StandardOpenOption.WRITE)) {
            operation();
        }
        return new FaultyChannel(FileChannel.open(path, options));
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        operation();
        StorageIo.super.move(source, target);
    }

    @Override
    public void delete(Path file) throws IOException {
        operation();
        StorageIo.super.delete(file);
    }

    private final class FaultyChannel extends ForwardingFileChannel {

        FaultyChannel(FileChannel delegate) {
            super(delegate);
        }

        private int writeOrFail(ByteBuffer src, long position) throws IOException {
            operation();
            if (writeFails) {
                failedWrites.incrementAndGet();
                throw new IOException("Input/output error");
            }
            if (diskFull) {
                failedWrites.incrementAndGet();
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + src.remaining() / 2);
                delegate.write(half, position);
                throw new IOException("No space left on device");
            }
            return delegate.write(src, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return writeOrFail(src, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = writeOrFail(src, delegate.position());
            delegate.position(delegate.position() + n);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            operation();
            int inProgress = fsyncsInProgress.incrementAndGet();
            maxConcurrentFsyncs.accumulateAndGet(inProgress, Math::max);
            try {
                if (fsyncDelayNanos > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(fsyncDelayNanos);
                }
                if (fsyncFails) {
                    failedFsyncs.incrementAndGet();
                    throw new IOException("Input/output error");
                }
                delegate.force(metaData);
            } finally {
                fsyncsInProgress.decrementAndGet();
            }
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (diskFull || writeFails) {
                throw new IOException("No space left on device");
            }
            return delegate.write(srcs, offset, length);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            operation();
            delegate.truncate(size);
            return this;
        }
    }
}
