package io.tributary.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1, used by one thread. Deliberately minimal (Content-Length and chunked
 * bodies, reconnect after {@code Connection: close}) so that on a 2-core machine the generator spends as little CPU as
 * possible and the figures describe the server. The response body stays in a buffer reused by the next call.
 */
final class HttpConn implements Closeable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private byte[] body = new byte[64 * 1024];
    private int bodyLength;
    private long reconnects;

    HttpConn(String host, int port) {
        this.host = host;
        this.port = port;
    }

    static HttpConn to(String baseUrl) {
        // http://host:port
        String hostPort = baseUrl.replaceFirst("^http://", "").replaceAll("/.*$", "");
        int colon = hostPort.lastIndexOf(':');
        return new HttpConn(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Sends one request and reads the whole response; returns the status. The body is {@link #body()} until the next call. */
    int send(String method, String path, String contentType, String accept, byte[] payload) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean fresh = socket == null;
            if (fresh) {
                connect();
            }
            try {
                writeRequest(method, path, contentType, accept, payload);
                return readResponse();
            } catch (IOException e) {
                close();
                // a kept-alive connection the server closed while idle: retry once on a fresh one
                if (fresh || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    long reconnects() {
        return reconnects;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = socket.getInputStream();
        readPosition = 0;
        readLimit = 0;
        out = socket.getOutputStream();
        reconnects++;
    }

    private void writeRequest(String method, String path, String contentType, String accept, byte[] payload)
            throws IOException {
        StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (accept != null) {
            head.append("Accept: ").append(accept).append("\r\n");
        }
        int length = payload == null ? 0 : payload.length;
        if (payload != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (length > 0 && length <= 16 * 1024) {
            // one write, one segment: small requests are the ones whose syscall count matters
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + length);
            System.arraycopy(payload, 0, request, headBytes.length, length);
            out.write(request);
        } else {
            out.write(headBytes);
            if (length > 0) {
                out.write(payload);
            }
        }
        out.flush();
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        if (statusLine.isEmpty()) {
            throw new EOFException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        bodyLength = 0;
        if (chunked) {
            for (int size = Integer.parseInt(chunkSize(readLine()), 16); size > 0;
                 size = Integer.parseInt(chunkSize(readLine()), 16)) {
                readBody(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else if (contentLength > 0) {
            readBody((int) contentLength);
        } else if (contentLength < 0 && status != 204 && status != 304) {
            close = true;
            readBodyUntilEof();
        }
        if (close) {
            close();
        }
        return status;
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    private void readBody(int length) throws IOException {
        ensureCapacity(bodyLength + length);
        int read = readFully(body, bodyLength, length);
        if (read < length) {
            throw new EOFException("body cut short");
        }
        bodyLength += length;
    }

    private void readBodyUntilEof() throws IOException {
        int buffered = readLimit - readPosition;
        ensureCapacity(bodyLength + buffered);
        bodyLength += readFully(body, bodyLength, buffered);
        int n;
        while (true) {
            ensureCapacity(bodyLength + 8192);
            n = in.read(body, bodyLength, body.length - bodyLength);
            if (n < 0) {
                return;
            }
            bodyLength += n;
        }
    }

    private void ensureCapacity(int capacity) {
        if (capacity > body.length) {
            body = Arrays.copyOf(body, Math.max(capacity, body.length * 2));
        }
    }

    // our own read buffer: header lines are scanned in place instead of one synchronized read() per byte
    private final byte[] readBuffer = new byte[64 * 1024];
    private int readPosition;
    private int readLimit;

    private boolean fill() throws IOException {
        if (readPosition == readLimit) {
            readPosition = 0;
            readLimit = Math.max(0, in.read(readBuffer, 0, readBuffer.length));
        }
        return readLimit > readPosition;
    }

    private String readLine() throws IOException {
        StringBuilder line = null;
        while (fill()) {
            for (int i = readPosition; i < readLimit; i++) {
                if (readBuffer[i] == '\n') {
                    int end = i > readPosition && readBuffer[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(readBuffer, readPosition, end - readPosition, StandardCharsets.ISO_8859_1);
                    readPosition = i + 1;
                    if (line == null) {
                        return part;
                    }
                    line.append(part);
                    int last = line.length() - 1;
                    if (last >= 0 && line.charAt(last) == '\r') {
                        line.setLength(last);
                    }
                    return line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(readBuffer, readPosition, readLimit - readPosition, StandardCharsets.ISO_8859_1));
            readPosition = readLimit;
        }
        if (line == null || line.length() == 0) {
            return "";
        }
        throw new EOFException("connection closed mid-line");
    }

    /** Reads exactly {@code length} bytes into {@code target}: first what is buffered, then straight from the socket. */
    private int readFully(byte[] target, int offset, int length) throws IOException {
        int buffered = Math.min(length, readLimit - readPosition);
        System.arraycopy(readBuffer, readPosition, target, offset, buffered);
        readPosition += buffered;
        int done = buffered;
        if (done < length) {
            done += in.readNBytes(target, offset + done, length - done);
        }
        return done;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
