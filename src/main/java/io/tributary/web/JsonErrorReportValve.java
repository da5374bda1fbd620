package io.tributary.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.AbstractProtocol;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last-resort error page, for requests it rejects before any servlet sees them (an invalid URI such as one
 * with {@code %00}, a malformed request line): the api.md body instead of Tomcat's HTML, in the media type of every
 * other error answer.
 * <p>
 * During a graceful shutdown the connector is paused, and a request Tomcat reads then is refused unprocessed; Tomcat
 * means to say 503 but, having skipped the headers, reports a missing Host header as 400. A client must not drop a
 * well-formed request as bad, so any request refused while paused is answered as retriable (503, 50003).
 */
public class JsonErrorReportValve extends ErrorReportValve {

    public static final String SHUTTING_DOWN = "The service is shutting down and did not process this request; retry it.";

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        if (response.getStatus() < 400 || response.getContentWritten() > 0) {
            return;
        }
        String body;
        if (isShuttingDown(request)) {
            response.setStatus(ErrorCode.RETRIABLE.httpStatus());
            body = "{\"error_code\":" + ErrorCode.RETRIABLE.code() + ",\"message\":\"" + SHUTTING_DOWN + "\"}";
        } else {
            int status = response.getStatus();
            HttpStatus known = HttpStatus.resolve(status);
            String message = (known == null ? "Error " + status : known.getReasonPhrase())
                    + (status == 400 ? ": the request line, URI or headers are malformed or too large." : ".");
            body = "{\"error_code\":" + status + ",\"message\":\"" + message + "\"}";
        }
        try {
            response.setContentType(MediaTypes.ofError(request).toString());
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response already started; nothing more to say
        }
    }

    private static boolean isShuttingDown(Request request) {
        return request.getConnector() != null
                && request.getConnector().getProtocolHandler() instanceof AbstractProtocol<?> protocol
                && protocol.isPaused();
    }
}
