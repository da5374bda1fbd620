package io.tributary.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarding proxy on 127.0.0.1 that a test can cut and heal: a network partition on loopback without iptables
 * or namespaces. Every connection accepted on {@link #port()} is forwarded to the target, byte for byte, in both
 * directions, by two threads of its own.
 *
 * <ul>
 *   <li>{@link #cut(Cut) cut(BLACK_HOLE)}, what an iptables {@code DROP} does: nothing passes any more in either
 *       direction, and nothing is refused either; bytes sent are held (the proxy stops reading, so the sender's TCP
 *       window fills), as TCP keeps retransmitting dropped segments. New connections are accepted and held the same
 *       way. A peer notices only by its own timeouts.</li>
 *   <li>{@link #cut(Cut) cut(REFUSE)}, what an iptables {@code REJECT --reject-with tcp-reset} does: every connection
 *       is reset at once (RST), and every new one is reset as soon as it is accepted.</li>
 *   <li>{@link #heal()}: connections that survived the cut carry on, the held bytes first and in order (as TCP
 *       delivers retransmitted segments once the path is back), and new ones are forwarded again.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    /** How a cut behaves. */
    public enum Cut { BLACK_HOLE, REFUSE }

    private final ServerSocket server;
    private final Thread acceptor;
    private final InetSocketAddress target;
    private final String name;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile Cut cut; // null: healed; guarded by gate for waiting
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, InetSocketAddress target, String name) {
        this.server = server;
        this.target = target;
        this.name = name;
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + name + "-accept");
        acceptor.setDaemon(true);
    }

    /** A proxy on a free loopback port of its own, forwarding to {@code targetPort} on 127.0.0.1. */
    public static TcpProxy start(String name, int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), name);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Bytes forwarded so far, both directions. */
    public long forwardedBytes() {
        return forwarded.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    public boolean isCut() {
        return cut != null;
    }

    /** Partitions the two sides as {@code how} says; see the class comment. */
    public void cut(Cut how) {
        synchronized (gate) {
            cut = how;
        }
        if (how == Cut.REFUSE) {
            links.forEach(Link::reset);
        }
    }

    /** Ends the partition: held bytes are delivered, connections and new ones flow again. */
    public void heal() {
        synchronized (gate) {
            cut = null;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        synchronized (gate) {
            gate.notifyAll();
        }
        links.forEach(Link::reset);
        // The JDK closes a socket another thread is blocked on only when that thread leaves accept(): until the acceptor
        // has returned, the port is still listening and cannot be bound again.
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TcpProxy[" + name + " 127.0.0.1:" + port() + " -> " + target.getPort() + (isCut() ? ", cut " + cut : "") + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            try {
                client.setTcpNoDelay(true);
                if (cut == Cut.REFUSE) {
                    resetQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 5_000);
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
            } catch (IOException e) {
                resetQuietly(client); // the target is down: the client sees its connection reset, as it would
            }
        }
    }

    /** Blocks while the proxy is black-holed; false when the bytes are to be dropped (closed, or cut by refusal). */
    private boolean awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (cut == Cut.BLACK_HOLE && !closed) {
                gate.wait();
            }
            return !closed && cut == null;
        }
    }

    /** One forwarded connection: the client's socket and ours to the target. */
    private final class Link {
        private final Socket client;
        private final Socket upstream;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream.getOutputStream(), "up");
            pump(upstream.getInputStream(), client.getOutputStream(), "down");
        }

        private void pump(InputStream in, OutputStream out, String direction) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try {
                    while (true) {
                        int n = in.read(buffer);
                        // bytes read before a cut are held here until it heals, as a dropped segment is retransmitted
                        if (!awaitOpen()) {
                            reset();
                            return;
                        }
                        if (n < 0) {
                            break; // the peer closed: close the other side too (after what was held went through)
                        }
                        out.write(buffer, 0, n);
                        out.flush();
                        forwarded.addAndGet(n);
                    }
                    close();
                } catch (IOException e) {
                    reset();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reset();
                }
            }, "tcp-proxy-" + name + "-" + direction);
            thread.setDaemon(true);
            thread.start();
        }

        /** A graceful close of both sides (FIN). */
        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }

        /** An abortive close of both sides (RST). */
        void reset() {
            links.remove(this);
            resetQuietly(client);
            resetQuietly(upstream);
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
