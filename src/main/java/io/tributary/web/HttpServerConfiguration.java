package io.tributary.web;

import io.tributary.settings.TributaryProperties;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Tomcat against slow clients: its own connection timeout, keep-alive timeout and header size limit
 * ({@code server.*} in application.yml) plus a deadline for the whole request head ({@code tributary.http.header-timeout},
 * {@link HeaderDeadlineProtocol}); and its socket write buffer ({@code tributary.http.socket-write-buffer}), which
 * bounds how much one system call sends of a large poll response.
 */
@Configuration(proxyBeanMethods = false)
public class HttpServerConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> headerDeadline(TributaryProperties properties) {
        return factory -> {
            factory.setProtocol(HeaderDeadlineProtocol.class.getName());
            long millis = properties.http().headerTimeout().toMillis();
            long writeBuffer = properties.http().socketWriteBuffer().toBytes();
            factory.addConnectorCustomizers((TomcatConnectorCustomizer) connector -> {
                connector.setProperty("headerTimeout", Long.toString(millis));
                connector.setProperty("socket.appWriteBufSize", Long.toString(writeBuffer));
            });
        };
    }
}
