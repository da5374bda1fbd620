package io.tributary.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a short answer go out whole: with its {@code Content-Length}, in one socket write.
 *
 * <p>Spring MVC flushes every {@code ResponseEntity} answer right after writing it (to get the headers out even without
 * a body). That commits the answer before its length is known, so Tomcat sends it chunked, in two writes: the answer,
 * then the last chunk. In a request handled on its thread nothing but the end of the request follows that flush, and
 * there Tomcat writes what it buffered itself; so until the request goes async, {@code flushBuffer} is left to that end.
 * Answers longer than Tomcat's buffer still stream as they are written, and once a request is async (server-sent events,
 * emitters) every flush goes out at once, as those need. Writes through the output stream's own {@code flush} (the v3
 * produce stream, forwarded answers) are not touched.
 */
public final class WholeAnswerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void flushBuffer() throws IOException {
                if (request.isAsyncStarted()) {
                    super.flushBuffer();
                }
            }
        });
    }
}
