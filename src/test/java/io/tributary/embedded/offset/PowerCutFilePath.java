package io.tributary.embedded.offset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file layer with a power switch, for the offsets database what {@code log.PowerLossStorage} is for the log: H2
 * opens {@code jdbc:h2:powercut:<path>} through this wrapper (H2's pluggable {@link FilePath}), which writes to the
 * real file (the page cache: what H2 reads back) and models what is on the disk:
 * <ul>
 *   <li>a file's content becomes durable when a channel of it is forced ({@code FileChannel.force}, which
 *       {@code CHECKPOINT SYNC} reaches through {@code MVStore.sync()}): its whole content at that moment is recorded;</li>
 *   <li>writes and truncations after the last force are kept in order as pending;</li>
 *   <li>after {@link Disk#cutAfterWrites n} writes the power goes: that write and every later operation fails (H2 sees
 *       an I/O error, as a process does whose machine died), and {@link Disk#materialize} writes what a disk could hold:
 *       the durable content plus an ordered prefix of the pending operations, the last of them possibly torn.</li>
 * </ul>
 * Not modelled: reordering of writes beyond the prefix, damage to durable bytes, directory entries (the database file
 * exists before the first commit is acknowledged: H2 creates it when the service first starts).
 */
public final class PowerCutFilePath extends FilePathWrapper {

    static final String SCHEME = "powercut";
    private static final Map<String, Disk> DISKS = new ConcurrentHashMap<>();

    static {
        FilePath.register(new PowerCutFilePath());
    }

    /** Public for H2, which creates one per path. */
    public PowerCutFilePath() {
    }

    /** The disk under {@code file} (a real path, without the scheme): created on first use. */
    static Disk disk(Path file) {
        return DISKS.computeIfAbsent(file.toAbsolutePath().toString(), k -> new Disk(file.toAbsolutePath()));
    }

    /** The JDBC URL of an H2 database at {@code base} (a path without {@code .mv.db}) opened through this layer. */
    static String url(Path base) {
        return "jdbc:h2:" + SCHEME + ":" + base.toAbsolutePath();
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FilePath real = getBase();
        FileChannel channel = real.open(mode);
        return new Channel(disk(Path.of(real.toString())), channel);
    }

    /** The modelled disk content of one file. */
    static final class Disk {
        private final Path file;
        private byte[] durable;
        private final List<Object[]> pending = new ArrayList<>(); // {Long position, byte[] bytes} or {Long size}
        private long writes;
        private long cutAfter = Long.MAX_VALUE;
        private boolean cut;
        private long forces;

        Disk(Path file) {
            this.file = file;
            this.durable = new byte[0];
        }

        /** The power goes at the n-th write from now (that write fails). */
        synchronized void cutAfterWrites(long n) {
            cutAfter = writes + n;
        }

        synchronized void cutNow() {
            cut = true;
        }

        synchronized boolean isCut() {
            return cut;
        }

        synchronized long forces() {
            return forces;
        }

        synchronized int pendingOperations() {
            return pending.size();
        }

        /**
         * Writes into {@code target} what the disk holds after the cut: the durable content, then the first
         * {@code keep} pending operations, the last kept write cut to {@code tornBytes} bytes when that is not negative.
         */
        synchronized void materialize(Path target, int keep, int tornBytes) throws IOException {
            if (!cut) {
                throw new IllegalStateException("the power is still on");
            }
            byte[] content = durable.clone();
            for (int i = 0; i < Math.min(keep, pending.size()); i++) {
                Object[] op = pending.get(i);
                if (op.length == 1) {
                    content = Arrays.copyOf(content, (int) Math.min(content.length, (Long) op[0]));
                } else {
                    byte[] bytes = (byte[]) op[1];
                    if (i == keep - 1 && tornBytes >= 0) {
                        bytes = Arrays.copyOf(bytes, Math.min(tornBytes, bytes.length));
                    }
                    int position = (int) (long) (Long) op[0];
                    if (content.length < position + bytes.length) {
                        content = Arrays.copyOf(content, position + bytes.length);
                    }
                    System.arraycopy(bytes, 0, content, position, bytes.length);
                }
            }
            Files.write(target, content);
        }

        private synchronized void beforeOperation() throws IOException {
            if (cut) {
                throw new IOException("Power cut: " + file);
            }
        }

        private synchronized void written(long position, ByteBuffer bytes) throws IOException {
            beforeOperation();
            if (++writes >= cutAfter) {
                cut = true;
                throw new IOException("Power cut during a write to " + file);
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            pending.add(new Object[] {position, copy});
        }

        private synchronized void truncated(long size) throws IOException {
            beforeOperation();
            pending.add(new Object[] {size});
        }

        private synchronized void forced() throws IOException {
            beforeOperation();
            durable = Files.readAllBytes(file);
            pending.clear();
            forces++;
        }
    }

    private static final class Channel extends FileBase {
        private final Disk disk;
        private final FileChannel base;
        private long position;

        Channel(Disk disk, FileChannel base) {
            this.disk = disk;
            this.base = base;
        }

        @Override
        public synchronized int read(ByteBuffer dst) throws IOException {
            int n = read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public int read(ByteBuffer dst, long at) throws IOException {
            disk.beforeOperation();
            return base.read(dst, at);
        }

        @Override
        public synchronized int write(ByteBuffer src) throws IOException {
            int n = write(src, position);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src, long at) throws IOException {
            // Recorded first: a write the cut refuses never reaches the file.
            disk.written(at, src);
            return base.write(src, at);
        }

        @Override
        public synchronized long position() {
            return position;
        }

        @Override
        public synchronized FileChannel position(long newPosition) {
            position = newPosition;
            return this;
        }

        @Override
        public long size() throws IOException {
            disk.beforeOperation();
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            disk.truncated(size);
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            // The state that is about to be durable is what the file holds now; the real fsync is not needed.
            disk.forced();
        }

        @Override
        public FileLock tryLock(long at, long size, boolean shared) throws IOException {
            return base.tryLock(at, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
