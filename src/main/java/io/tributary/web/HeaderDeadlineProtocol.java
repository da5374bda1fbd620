package io.tributary.web;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 connector with a deadline for the request line and headers ({@code headerTimeout}, ms; 0
 * for none). Tomcat's connection timeout bounds each read only, so a client that trickles its headers a byte at a
 * time (slowloris) could hold a connection for hours; this ends any connection still sending the head of a request
 * after the deadline, through the same path as Tomcat's own read timeout. Checked on Tomcat's utility executor, as
 * Tomcat checks async timeouts; requests whose head has arrived (long polls, streams, bodies) are not affected.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {

    private volatile long headerTimeoutMillis;
    private ScheduledFuture<?> check;

    public long getHeaderTimeout() {
        return headerTimeoutMillis;
    }

    /** Set by Tomcat from the connector property {@code headerTimeout}. */
    public void setHeaderTimeout(long millis) {
        headerTimeoutMillis = millis;
    }

    @Override
    public void start() throws Exception {
        super.start();
        if (headerTimeoutMillis > 0) {
            long period = Math.max(50, Math.min(1000, headerTimeoutMillis / 4));
            check = getUtilityExecutor().scheduleWithFixedDelay(this::endSlowHeads, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        super.stop();
    }

    /**
     * Whether the processor holds a request whose head is not complete: being parsed now, or parked until more bytes
     * come (Tomcat keeps the processor with the connection then, its stage already "ended"). An async request (long
     * poll, stream) also keeps its processor but is past its head; between requests the start time is unset (-1).
     */
    private static boolean stillSendingHead(AbstractProcessor processor) {
        Request request = processor.getRequest();
        int stage = request.getRequestProcessor().getStage();
        return (stage == Constants.STAGE_PARSE || stage == Constants.STAGE_ENDED) && !processor.isAsync()
                && !processor.isUpgrade() && request.getStartTimeNanos() != -1;
    }

    private void endSlowHeads() {
        @SuppressWarnings("unchecked")
        AbstractEndpoint<NioChannel, ?> endpoint = (AbstractEndpoint<NioChannel, ?>) getEndpoint();
        long now = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis);
        for (SocketWrapperBase<NioChannel> connection : endpoint.getConnections()) {
            if (connection.getCurrentProcessor() instanceof AbstractProcessor processor && stillSendingHead(processor)
                    && now - processor.getRequest().getStartTimeNanos() > timeout && !connection.isClosed()
                    && !endpoint.processSocket(connection, SocketEvent.ERROR, true)) {
                connection.close();
            }
        }
    }
}
