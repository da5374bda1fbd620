package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.CoyoteAdapter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.OutputBuffer;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The valve on real Tomcat request and response objects, the bytes it writes captured. */
class JsonErrorReportValveTest {

    @Test
    void aRequestTomcatRejectsGetsTheApiBody() throws Exception {
        Exchange exchange = new Exchange(false, 400, "/topics/a%00b");
        new JsonErrorReportValve().report(exchange.request, exchange.response, null);
        assertThat(exchange.response.getStatus()).isEqualTo(400);
        assertThat(exchange.response.getContentType()).startsWith(MediaTypes.V2_JSON);
        assertThat(exchange.body().get("error_code").asInt()).isEqualTo(400);
        assertThat(exchange.body().get("message").asString()).contains("malformed");
    }

    /** As every v3 error: Confluent's v3 answers application/json. */
    @Test
    void aV3RequestTomcatRejectsGetsTheBodyAsApplicationJson() throws Exception {
        Exchange exchange = new Exchange(false, 400, "/v3/clusters/a%00b");
        new JsonErrorReportValve().report(exchange.request, exchange.response, null);
        assertThat(exchange.response.getContentType()).startsWith("application/json");
        assertThat(exchange.body().get("error_code").asInt()).isEqualTo(400);
    }

    @Test
    void aRequestWithoutAUriGetsTheV2Type() throws Exception {
        Exchange exchange = new Exchange(false, 400, null);
        new JsonErrorReportValve().report(exchange.request, exchange.response, null);
        assertThat(exchange.response.getContentType()).startsWith(MediaTypes.V2_JSON);
        assertThat(exchange.body().get("error_code").asInt()).isEqualTo(400);
    }

    /** Tomcat reports a request it read while paused as a missing Host header (400); it was well formed. */
    @Test
    void aRequestRefusedDuringAGracefulShutdownIsRetriable() throws Exception {
        Exchange exchange = new Exchange(true, 400, "/topics/t");
        new JsonErrorReportValve().report(exchange.request, exchange.response, null);
        assertThat(exchange.response.getStatus()).isEqualTo(503);
        assertThat(exchange.body().get("error_code").asInt()).isEqualTo(50003);
        assertThat(exchange.body().get("message").asString()).isEqualTo(JsonErrorReportValve.SHUTTING_DOWN);
    }

    @Test
    void aResponseTheApplicationAlreadyWroteIsLeftAlone() throws Exception {
        Exchange exchange = new Exchange(true, 404, "/topics/t");
        exchange.response.getWriter().write("{\"error_code\":40401}");
        exchange.response.flushBuffer();
        new JsonErrorReportValve().report(exchange.request, exchange.response, null);
        assertThat(exchange.response.getStatus()).isEqualTo(404);
        assertThat(exchange.body().get("error_code").asInt()).isEqualTo(40401);
    }

    private static final class Exchange {
        final Request request;
        final Response response;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        Exchange(boolean paused, int status, String uri) {
            Connector connector = new Connector(new Http11NioProtocol() {
                @Override
                public boolean isPaused() {
                    return paused;
                }
            });
            org.apache.coyote.Response coyoteResponse = new org.apache.coyote.Response();
            coyoteResponse.setOutputBuffer(new OutputBuffer() {
                @Override
                public int doWrite(ByteBuffer chunk) {
                    int length = chunk.remaining();
                    byte[] bytes = new byte[length];
                    chunk.get(bytes);
                    written.writeBytes(bytes);
                    return length;
                }

                @Override
                public long getBytesWritten() {
                    return written.size();
                }
            });
            org.apache.coyote.Request coyoteRequest = new org.apache.coyote.Request();
            if (uri != null) {
                coyoteRequest.requestURI().setString(uri);
            }
            coyoteRequest.setResponse(coyoteResponse);
            request = new Request(connector, coyoteRequest);
            response = new Response(coyoteResponse);
            coyoteRequest.setNote(CoyoteAdapter.ADAPTER_NOTES, request); // as the adapter links them
            coyoteResponse.setNote(CoyoteAdapter.ADAPTER_NOTES, response);
            response.setRequest(request);
            request.setResponse(response);
            response.setStatus(status);
        }

        JsonNode body() {
            return JsonMapper.builder().build().readTree(written.toString(StandardCharsets.UTF_8));
        }
    }
}
