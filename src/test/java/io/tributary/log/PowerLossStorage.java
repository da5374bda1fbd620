package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * A disk that loses power: the engine's storage seam over the real file system, which it keeps as the <i>volatile</i>
 * state (the page cache: what the engine reads back), plus a model of the <i>durable</i> state (what survives a power
 * cut), in the spirit of LazyFS and ALICE (docs/reliability.md, "Power loss"):
 * <ul>
 *   <li>a file's bytes become durable when a channel of it is forced ({@code force(true|false)}): its whole content at
 *       that moment is recorded, size included;</li>
 *   <li>a directory's entries (files and directories created, renamed, deleted through the seam) become durable when
 *       the directory itself is forced (the engine opens it through the seam and calls force); until then the
 *       operation is recorded as pending;</li>
 *   <li>a {@linkplain #cutAfter power cut} after a chosen number of operations (open for writing, write, truncate,
 *       force, rename, delete, mkdir) refuses that operation and every later one, and freezes the model; then
 *       {@link #materialize} writes, into a new directory, what a disk could hold after the cut: every directory's
 *       durable entries, optionally with some of its pending operations (none, all, an ordered prefix, or any subset),
 *       and every file's forced bytes, optionally followed by a prefix of the bytes written after its last force (a torn
 *       tail), possibly ending in zeros (the size reached the disk, the data did not).</li>
 * </ul>
 * Files and directories are identified by their inode ({@code fileKey}); every one the model refers to is pinned (a
 * hard link for a file, an open channel for a directory), so the file system never reuses its inode for another.
 * Not modelled: reordering of writes within a file beyond the torn tail, damage to bytes that were already durable
 * (a torn sector under them), a disk whose write cache lies about flushes. Forces do not call the real fsync (nothing
 * needs the real disk), which makes a run fast.
 */
public final class PowerLossStorage implements StorageIo, AutoCloseable {

    /** Which directory operations not covered by a directory fsync survive the cut. */
    public enum DirEntries {
        /** None: the minimal state POSIX promises. */
        DURABLE_ONLY,
        /** The first n of them, in the order they were made, n random (a journaling file system's order). */
        PREFIX,
        /** Each one independently, in order (a file system that reorders its metadata writes). */
        SUBSET,
        /** All of them: the state a process crash leaves. */
        ALL
    }

    /** Which bytes written after a file's last force survive the cut. */
    public enum Tail {
        /** None. */
        NONE,
        /** A random prefix of them, per file. */
        TORN,
        /** A random prefix of them whose last part reads as zeros, per file. */
        TORN_ZEROS,
        /** All of them: the state a process crash leaves. */
        ALL
    }

    private static final class Node {
        final int id;
        final boolean directory;
        /** A file's content at its last force; null while never forced since it was created. */
        byte[] durable;
        /**
         * Bytes a failed fsync marked clean without writing them (fsyncgate): they stay as {@link #durable} had them
         * through later successful forces, until the engine writes over them again or truncates them away.
         */
        BitSet lost;
        /** A file's hard link in {@link #pins}; a directory's open channel. Keeps the inode from being reused. */
        Path link;
        FileChannel dirPin;

        Node(int id, boolean directory) {
            this.id = id;
            this.directory = directory;
        }
    }

    private enum Kind { CREATE, RENAME, UNLINK }

    /** One change of directory {@code dir}'s entries that its fsync has not covered yet. */
    private record DirOp(Node dir, Kind kind, String name, String newName, Node node) {
    }

    private final Path root;
    private final Path pins;
    private final Object lock = new Object();
    private final AtomicLong operations = new AtomicLong();
    private volatile long cutAt = Long.MAX_VALUE;
    private volatile boolean cut;
    /** Asked at every force of a file: true fails it the way Linux fails a writeback (see {@link #failFileForces}). */
    private volatile BooleanSupplier forceFails = () -> false;
    private final AtomicLong failedForces = new AtomicLong();

    /** Guarded by lock. */
    private final Map<Object, Node> nodes = new HashMap<>();
    private final Map<Node, Map<String, Node>> durableEntries = new HashMap<>();
    private final List<DirOp> pending = new ArrayList<>();
    private int nextId;
    private final Node rootNode;

    /**
     * A simulated disk over {@code root} (created if missing), whose present content counts as durable (as after a
     * {@code sync}). Everything the engine touches must be under it.
     */
    public PowerLossStorage(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
        this.pins = Files.createDirectories(this.root.resolveSibling(this.root.getFileName() + ".pins"));
        synchronized (lock) {
            rootNode = node(this.root);
            syncAll(this.root, rootNode);
        }
    }

    private void syncAll(Path dir, Node dirNode) throws IOException {
        durableEntries.put(dirNode, listing(dir));
        for (Map.Entry<String, Node> e : durableEntries.get(dirNode).entrySet()) {
            Path child = dir.resolve(e.getKey());
            if (e.getValue().directory) {
                syncAll(child, e.getValue());
            } else {
                e.getValue().durable = Files.readAllBytes(child);
            }
        }
    }

    // ---- the cut

    /** Arms the cut: the {@code n}-th operation from now (0: the next one) and every later one are refused. */
    public void cutAfter(long n) {
        cutAt = operations.get() + n;
    }

    /** Cuts the power now (if it was not cut already). */
    public void cutNow() {
        synchronized (lock) {
            cut = true;
        }
    }

    boolean isCut() {
        return cut;
    }

    /** Operations counted so far (refused ones included). */
    long operations() {
        return operations.get();
    }

    /** Counts an operation; false when the power is (now) cut. */
    private boolean admit() {
        long n = operations.getAndIncrement();
        if (cut) {
            return false;
        }
        if (n >= cutAt) {
            cutNow();
            return false;
        }
        return true;
    }

    private void admitOrFail() throws IOException {
        if (!admit()) {
            throw new IOException("Input/output error (simulated power cut)");
        }
    }

    /**
     * From now on, each force of a file for which {@code fails} answers true throws an {@link IOException} and behaves as
     * Linux does after a failed writeback ("fsyncgate", PostgreSQL 2018): the bytes it should have written are marked
     * clean without reaching the disk, so a later force that succeeds does not write them either; they reach the disk
     * only if written again. An engine that retried the fsync and then acknowledged those bytes would lose them at the
     * next power cut. Directory forces never fail.
     */
    void failFileForces(BooleanSupplier fails) {
        forceFails = fails;
    }

    /** Forces failed by {@link #failFileForces} so far. */
    long failedForces() {
        return failedForces.get();
    }

    // ---- the seam

    @Override
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW);
        if (!writes) {
            FileChannel channel = FileChannel.open(path, options);
            synchronized (lock) {
                return new SimulatedChannel(channel, node(path), path);
            }
        }
        synchronized (lock) {
            admitOrFail();
            boolean existed = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
            FileChannel channel = FileChannel.open(path, options);
            Node node = node(path);
            if (!existed) {
                pending.add(new DirOp(node(path.getParent()), Kind.CREATE, name(path), null, node));
            }
            return new SimulatedChannel(channel, node, path);
        }
    }

    @Override
    public void move(Path source, Path target) throws IOException {
        synchronized (lock) {
            admitOrFail();
            Node node = node(source);
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Node from = node(source.getParent());
            Node to = node(target.getParent());
            if (from == to) {
                pending.add(new DirOp(from, Kind.RENAME, name(source), name(target), node));
            } else {
                pending.add(new DirOp(from, Kind.UNLINK, name(source), null, node));
                pending.add(new DirOp(to, Kind.CREATE, name(target), null, node));
            }
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        synchronized (lock) {
            admitOrFail();
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Node node = node(file);
            Files.delete(file);
            pending.add(new DirOp(node(file.getParent()), Kind.UNLINK, name(file), null, node));
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        synchronized (lock) {
            admitOrFail();
            Path absolute = dir.toAbsolutePath();
            List<Path> missing = new ArrayList<>();
            for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
                missing.add(0, p);
            }
            for (Path p : missing) {
                Files.createDirectory(p);
                pending.add(new DirOp(node(p.getParent()), Kind.CREATE, name(p), null, node(p)));
            }
        }
    }

    /** A file's bytes are durable after force; a directory's entries are. */
    private void force(Node node, Path path) throws IOException {
        synchronized (lock) {
            admitOrFail();
            if (node.directory) {
                boolean stillThere = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) && node(path) == node;
                durableEntries.put(node, stillThere ? listing(path) : Map.of()); // the engine never renames a directory
                pending.removeIf(op -> op.dir() == node);
            } else {
                byte[] current = Files.readAllBytes(node.link); // the same inode: also for a channel opened write-only
                byte[] before = node.durable == null ? new byte[0] : node.durable;
                if (forceFails.getAsBoolean()) {
                    failedForces.incrementAndGet();
                    // the kernel drops the dirty pages' error state: every byte not on the disk is now clean but lost
                    for (int i = 0; i < current.length; i++) {
                        if (i >= before.length || current[i] != before[i]) {
                            lostBits(node).set(i);
                        }
                    }
                    throw new IOException("Input/output error (simulated failed writeback)");
                }
                if (node.lost != null) {
                    for (int i = node.lost.nextSetBit(0); i >= 0 && i < current.length; i = node.lost.nextSetBit(i + 1)) {
                        current[i] = i < before.length ? before[i] : 0;
                    }
                }
                node.durable = current;
            }
        }
    }

    private static BitSet lostBits(Node node) {
        if (node.lost == null) {
            node.lost = new BitSet();
        }
        return node.lost;
    }

    /** Bytes written at [{@code from}, {@code to}) are dirty again: a force writes them. */
    private void rewritten(Node node, long from, long to) {
        if (to > from) {
            synchronized (lock) {
                if (node.lost != null) {
                    node.lost.clear((int) from, (int) to);
                }
            }
        }
    }

    /** A truncation to {@code size} takes the bytes beyond it, lost ones included. */
    private void truncated(Node node, long size) {
        synchronized (lock) {
            if (node.lost != null && node.lost.length() > size) {
                node.lost.clear((int) size, node.lost.length());
            }
        }
    }

    // ---- the model

    /** The node of an existing file or directory, registered (and pinned) on first sight. Holding lock. */
    private Node node(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Object key = attributes.fileKey();
        if (key == null) {
            throw new IllegalStateException("this file system has no inode numbers; the power-loss simulation needs them");
        }
        Node node = nodes.get(key);
        if (node == null) {
            node = new Node(nextId++, attributes.isDirectory());
            if (node.directory) {
                node.dirPin = FileChannel.open(path, StandardOpenOption.READ);
            } else {
                node.link = pins.resolve("n" + node.id);
                Files.createLink(node.link, path);
            }
            nodes.put(key, node);
        }
        return node;
    }

    /** A directory's entries now, by name. Holding lock. */
    private Map<String, Node> listing(Path dir) throws IOException {
        Map<String, Node> entries = new TreeMap<>();
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.toList();
        }
        for (Path child : children) {
            try {
                entries.put(name(child), node(child));
            } catch (NoSuchFileException e) {
                // removed meanwhile by something outside the seam: not an entry any more
            }
        }
        return entries;
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }

    // ---- after the cut

    /**
     * Writes into {@code target} (which must not exist) what the disk holds after the cut, and returns a description of
     * the choices made. The power must be cut.
     */
    public String materialize(Path target, DirEntries dirEntries, Tail tail, Random random) throws IOException {
        int pendingCount = pendingDirectoryChanges();
        int prefix = dirEntries == DirEntries.PREFIX ? random.nextInt(pendingCount + 1) : 0;
        IntPredicate keep = switch (dirEntries) {
            case DURABLE_ONLY -> i -> false;
            case ALL -> i -> true;
            case PREFIX -> i -> i < prefix;
            case SUBSET -> i -> random.nextBoolean();
        };
        return dirEntries + ": " + materialize(target, keep, tail, random);
    }

    /** Directory changes made since their directory's last fsync. */
    int pendingDirectoryChanges() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /**
     * As {@link #materialize(Path, DirEntries, Tail, Random)}, keeping exactly the pending directory changes whose
     * index (in the order they were made, from 0) {@code keep} accepts; it is asked once for each, in order.
     */
    String materialize(Path target, IntPredicate keep, Tail tail, Random random) throws IOException {
        synchronized (lock) {
            if (!cut) {
                throw new IllegalStateException("materialize only after the power was cut");
            }
            Map<Node, Map<String, Node>> entries = new HashMap<>();
            durableEntries.forEach((dir, map) -> entries.put(dir, new LinkedHashMap<>(map)));
            int applied = 0;
            for (int i = 0; i < pending.size(); i++) {
                if (!keep.test(i)) {
                    continue;
                }
                applied++;
                DirOp op = pending.get(i);
                Map<String, Node> dir = entries.computeIfAbsent(op.dir(), d -> new LinkedHashMap<>());
                switch (op.kind()) {
                    case CREATE -> dir.put(op.name(), op.node());
                    case RENAME -> {
                        if (dir.get(op.name()) == op.node()) {
                            dir.remove(op.name());
                            dir.put(op.newName(), op.node());
                        }
                    }
                    case UNLINK -> dir.remove(op.name(), op.node());
                }
            }
            int[] torn = new int[1];
            write(target, rootNode, entries, tail, random, torn);
            return "kept " + applied + " of " + pending.size() + " pending directory changes, tail " + tail
                    + " (" + torn[0] + " files with unforced bytes kept)";
        }
    }

    private void write(Path target, Node dir, Map<Node, Map<String, Node>> entries, Tail tail, Random random, int[] torn)
            throws IOException {
        Files.createDirectories(target);
        for (Map.Entry<String, Node> e : entries.getOrDefault(dir, Map.of()).entrySet()) {
            Path child = target.resolve(e.getKey());
            Node node = e.getValue();
            if (node.directory) {
                write(child, node, entries, tail, random, torn);
            } else {
                byte[] content = content(node, tail, random);
                if (content.length > (node.durable == null ? 0 : node.durable.length)) {
                    torn[0]++;
                }
                Files.write(child, content);
            }
        }
    }

    /** A file's forced bytes and, per {@code tail}, some of those written after them. */
    private static byte[] content(Node node, Tail tail, Random random) throws IOException {
        byte[] durable = node.durable == null ? new byte[0] : node.durable;
        if (tail == Tail.NONE) {
            return durable;
        }
        byte[] current = Files.readAllBytes(node.link);
        if (tail == Tail.ALL) {
            return current;
        }
        if (current.length <= durable.length) {
            return durable;
        }
        int extra = random.nextInt(current.length - durable.length + 1);
        byte[] content = Arrays.copyOf(durable, durable.length + extra);
        System.arraycopy(current, durable.length, content, durable.length, extra);
        if (tail == Tail.TORN_ZEROS && extra > 0) {
            int zeros = 1 + random.nextInt(extra);
            Arrays.fill(content, content.length - zeros, content.length, (byte) 0);
        }
        return content;
    }

    /** Deletes a disk made by this class, or materialized by it, with its pins: once a test is done with it. */
    static void deleteDisk(Path disk) {
        for (Path dir : List.of(disk, disk.resolveSibling(disk.getFileName() + ".pins"))) {
            try {
                LogFiles.deleteRecursively(StorageIo.DEFAULT, dir);
            } catch (IOException e) {
                // left for the temp directory's own cleanup
            }
        }
    }

    /** Lets go of the pinned directories. */
    @Override
    public void close() {
        synchronized (lock) {
            for (Node node : nodes.values()) {
                if (node.dirPin != null) {
                    try {
                        node.dirPin.close();
                    } catch (IOException ignored) {
                        // nothing to release
                    }
                }
            }
        }
    }

    /** The real channel, with writes counted and refused after the cut, and force recorded in the model. */
    private final class SimulatedChannel extends ForwardingFileChannel {
        private final Node node;
        private final Path path;

        SimulatedChannel(FileChannel delegate, Node node, Path path) {
            super(delegate);
            this.node = node;
            this.path = path;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            admitOrFail();
            int n = delegate.write(src, position);
            rewritten(node, position, position + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            admitOrFail();
            int n = delegate.write(src);
            long end = delegate.position();
            rewritten(node, end - n, end);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            admitOrFail();
            long n = delegate.write(srcs, offset, length);
            long end = delegate.position();
            rewritten(node, end - n, end);
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            admitOrFail();
            delegate.truncate(size);
            truncated(node, size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            PowerLossStorage.this.force(node, path);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            admitOrFail();
            long n = delegate.transferFrom(src, position, count);
            rewritten(node, position, position + n);
            return n;
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            if (mode != MapMode.READ_ONLY) {
                throw new UnsupportedOperationException("writable mappings bypass the simulation");
            }
            return delegate.map(mode, position, size);
        }
    }
}
