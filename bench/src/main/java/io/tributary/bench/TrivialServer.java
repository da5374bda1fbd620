package io.tributary.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The loopback HTTP ceiling: a JDK HTTP server whose handler drains the request and answers a fixed produce-shaped
 * response. Driven with the same requests as Tributary, it shows what HTTP alone costs on this machine.
 */
final class TrivialServer {

    static void run(Options options) throws Exception {
        int port = options.integer("port", 18080);
        int threads = options.integer("threads", 2 * Runtime.getRuntime().availableProcessors());
        options.rejectUnknown();
        byte[] answer = ("{\"key_schema_id\":null,\"value_schema_id\":null,\"offsets\":[{\"partition\":0,\"offset\":0,"
                + "\"error_code\":null,\"error\":null}]}").getBytes(StandardCharsets.UTF_8);
        // without it the server's separate header and body writes meet the client's delayed ACK: 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.getResponseHeaders().set("Content-Type", Tributary.V2);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        System.out.println("trivial server on 127.0.0.1:" + port);
    }

    private TrivialServer() {
    }
}
