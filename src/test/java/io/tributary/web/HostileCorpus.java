package io.tributary.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hostile-request corpus in {@code src/test/resources/hostile/*.http} (the format is described at the top of
 * {@code 01-malformed-json.http}), turned into exact request bytes.
 */
final class HostileCorpus {

    /** One request of the corpus and the HTTP status and error code it must be answered with. */
    record Case(String file, String name, int expectedStatus, int expectedCode, byte[] request) {

        @Override
        public String toString() {
            return file + ": " + name;
        }
    }

    /** @param reportStatus the status of an answer that reports the body's error inside it, or null: the error's own */
    private record Endpoint(String method, String path, String contentType, Integer reportStatus) {
    }

    private static final String EVERY_JSON_ENDPOINT = "EVERY json-endpoint";
    private static final int CHUNK = 8192;

    private final Map<String, String> variables;
    private final List<Endpoint> jsonEndpoints;

    private HostileCorpus(Map<String, String> variables, List<Endpoint> jsonEndpoints) {
        this.variables = variables;
        this.jsonEndpoints = jsonEndpoints;
    }

    /** Every case of every corpus file, in file order; {@code variables} fill {@code {{name}}}. */
    static List<Case> load(Map<String, String> variables) {
        Path dir = resourceDir();
        List<Endpoint> endpoints = lines(dir.resolve("json-endpoints.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+"))
                .map(p -> new Endpoint(p[0], p[1], p[2], p.length > 3 ? Integer.valueOf(p[3]) : null))
                .toList();
        HostileCorpus corpus = new HostileCorpus(variables, endpoints);
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                cases.addAll(corpus.parse(file.getFileName().toString(), lines(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private List<Case> parse(String file, List<String> lines) {
        List<Case> cases = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("###")) {
            i++;
        }
        while (i < lines.size()) {
            String name = lines.get(i).substring(3).trim();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("###")) {
                end++;
            }
            cases.addAll(parseCase(file, name, lines.subList(i + 1, end)));
            i = end;
        }
        return cases;
    }

    private List<Case> parseCase(String file, String name, List<String> lines) {
        int[] expected = null; // status, error code
        boolean host = true;
        boolean chunked = false;
        int at = 0;
        for (; at < lines.size(); at++) {
            String line = lines.get(at);
            if (line.startsWith("expect:")) {
                expected = expectation(file, name, line.substring("expect:".length()).trim());
            } else if (line.equals("no-host")) {
                host = false;
            } else if (line.equals("chunked")) {
                chunked = true;
            } else if (!line.startsWith("#") && !line.isBlank()) {
                break;
            }
        }
        if (expected == null || at == lines.size()) {
            throw new IllegalArgumentException(file + ": case '" + name + "' needs an expect: line and a request line");
        }
        String requestLine = lines.get(at);
        List<String> headers = new ArrayList<>();
        int bodyStart = at + 1;
        while (bodyStart < lines.size() && !lines.get(bodyStart).isEmpty()) {
            headers.add(lines.get(bodyStart++));
        }
        List<String> bodyLines = new ArrayList<>(lines.subList(Math.min(bodyStart + 1, lines.size()), lines.size()));
        while (!bodyLines.isEmpty() && bodyLines.get(bodyLines.size() - 1).isEmpty()) {
            bodyLines.remove(bodyLines.size() - 1);
        }
        byte[] body = expand(String.join("\r\n", bodyLines));
        if (!requestLine.equals(EVERY_JSON_ENDPOINT)) {
            return List.of(new Case(file, name, expected[0], expected[1],
                    request(requestLine, headers, body, host, chunked)));
        }
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : jsonEndpoints) {
            List<String> withType = new ArrayList<>(headers);
            withType.add("Content-Type: " + e.contentType());
            cases.add(new Case(file, name + " -> " + e.method() + " " + e.path() + " (" + e.contentType() + ")",
                    e.reportStatus() != null ? e.reportStatus() : expected[0], expected[1],
                    request(e.method() + " " + e.path(), withType, body, host, chunked)));
        }
        return cases;
    }

    /** {@code <HTTP status> <error_code>}, both written out per case. */
    private static int[] expectation(String file, String name, String text) {
        String[] parts = text.split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException(file + ": case '" + name + "' needs 'expect: <HTTP status> <error_code>'");
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private byte[] request(String requestLine, List<String> headers, byte[] body, boolean host, boolean chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean hasVersion = requestLine.replaceAll("\\{\\{[^}]*}}", "x").split(" ").length >= 3;
        out.writeBytes(expand(requestLine + (hasVersion ? "" : " HTTP/1.1")));
        crlf(out);
        boolean hasLength = false;
        for (String header : headers) {
            String lower = header.toLowerCase(Locale.ROOT);
            hasLength |= lower.startsWith("content-length:") || lower.startsWith("transfer-encoding:");
            host &= !lower.startsWith("host:");
            out.writeBytes(expand(header));
            crlf(out);
        }
        if (host) {
            out.writeBytes("Host: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
        String method = requestLine.split(" ", 2)[0];
        if (chunked) {
            out.writeBytes("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int from = 0; from < body.length; from += CHUNK) {
                int size = Math.min(CHUNK, body.length - from);
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, from, size);
                crlf(out);
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }
        if (!hasLength && (body.length > 0 || List.of("POST", "PUT", "PATCH").contains(method))) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        crlf(out);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Replaces {@code {{...}}} tokens; everything else is UTF-8 text. */
    private byte[] expand(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                out.writeBytes(template.substring(at).getBytes(StandardCharsets.UTF_8));
                break;
            }
            int close = template.indexOf("}}", open + 2);
            out.writeBytes(template.substring(at, open).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(token(template.substring(open + 2, close)));
            at = close + 2;
        }
        return out.toByteArray();
    }

    private byte[] token(String token) {
        String[] parts = token.split(" ", 3);
        switch (parts[0]) {
            case "repeat" -> {
                byte[] unit = unescape(parts.length > 2 ? parts[2] : "");
                int times = Integer.parseInt(parts[1]);
                ByteArrayOutputStream out = new ByteArrayOutputStream(unit.length * times);
                for (int i = 0; i < times; i++) {
                    out.writeBytes(unit);
                }
                return out.toByteArray();
            }
            case "hex" -> {
                return HexFormat.of().parseHex(token.substring(4).replace(" ", ""));
            }
            case "crlf" -> {
                return new byte[]{'\r', '\n'};
            }
            default -> {
                String value = variables.get(token);
                if (value == null) {
                    throw new IllegalArgumentException("Unknown corpus variable {{" + token + "}}");
                }
                return expand(value);
            }
        }
    }

    /** Text with {@code \xNN} escapes. */
    private static byte[] unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            if (text.startsWith("\\x", i) && i + 4 <= text.length()) {
                out.write(HexFormat.fromHexDigits(text, i + 2, i + 4));
                i += 4;
            } else {
                int end = text.indexOf("\\x", i + 1);
                end = end < 0 ? text.length() : end;
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toByteArray();
    }

    private static void crlf(ByteArrayOutputStream out) {
        out.write('\r');
        out.write('\n');
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourceDir() {
        try {
            return Path.of(HostileCorpus.class.getResource("/hostile").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
