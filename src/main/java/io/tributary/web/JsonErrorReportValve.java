package io.tributary.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last-resort error page, for requests it rejects before any servlet sees them (an invalid URI such as one
 * with {@code %00}, a malformed request line): the api.md body instead of Tomcat's HTML.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String message = (known == null ? "Error " + status : known.getReasonPhrase())
                + (status == 400 ? ": the request line, URI or headers are malformed or too large." : ".");
        try {
            response.setContentType(MediaTypes.V2_JSON);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error_code\":" + status + ",\"message\":\"" + message + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response already started; nothing more to say
        }
    }
}
