package io.tributary.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The partition proxy of the Kafka network tests: forwards, holds while black-holed, resets while refusing, heals. */
class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the test reset it
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        proxy = TcpProxy.start("test", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            byte[] big = new byte[300_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(big);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            assertThat(s.getInputStream().readNBytes(big.length)).isEqualTo(big);
        }
        // counted after each write, so the count may trail the bytes the client has read by a moment
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.forwardedBytes() == 2 * (5 + 300_000));
    }

    @Test
    void aBlackHoleHoldsEverythingUntilHealedThenDeliversItInOrder() throws IOException {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");
            proxy.cut(TcpProxy.Cut.BLACK_HOLE);
            s.getOutputStream().write("during".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).as("nothing passes, nothing is refused")
                    .isInstanceOf(SocketTimeoutException.class);
            try (Socket late = connect()) { // a new connection is accepted and held too
                late.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
                late.setSoTimeout(500);
                assertThatThrownBy(() -> late.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                proxy.heal();
                late.setSoTimeout(5_000);
                assertThat(new String(late.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("late");
            }
            s.setSoTimeout(5_000);
            assertThat(new String(s.getInputStream().readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("during");
            assertThat(roundTrip(s, "after")).isEqualTo("after");
        }
    }

    @Test
    void aRefusalResetsOpenConnectionsAndNewOnesUntilHealed() throws IOException {
        Socket s = connect();
        assertThat(roundTrip(s, "before")).isEqualTo("before");
        proxy.cut(TcpProxy.Cut.REFUSE);
        s.setSoTimeout(5_000);
        assertThatThrownBy(() -> {
            s.getOutputStream().write(1);
            s.getInputStream().read();
            s.getInputStream().read(); // EOF (-1) at best: the reset arrives as an exception on the next use
            s.getOutputStream().write(1);
            s.getOutputStream().write(1);
        }).isInstanceOf(IOException.class);
        s.close();
        try (Socket refused = connect()) {
            refused.setSoTimeout(5_000);
            assertThatThrownBy(() -> {
                if (refused.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 0);
        proxy.heal();
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "healed")).isEqualTo("healed");
        }
    }

    @Test
    void closingFreesThePortAndEndsItsConnections() throws IOException {
        Socket s = connect();
        assertThat(roundTrip(s, "x")).isEqualTo("x");
        int port = proxy.port();
        proxy.close();
        s.setSoTimeout(5_000);
        assertThatThrownBy(() -> {
            if (s.getInputStream().read() < 0) {
                throw new IOException("closed");
            }
        }).isInstanceOf(IOException.class);
        s.close();
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5_000);
        return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
    }
}
