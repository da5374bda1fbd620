package io.tributary.web.cluster;

import io.tributary.consume.InstanceDirectory;
import io.tributary.settings.TributaryProperties;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** Requests for consumer instances held by other nodes go there (docs/scale-out.md). */
@Configuration(proxyBeanMethods = false)
class ForwardingConfiguration {

    /** After Spring Security's filters (order -100) and the request size limit, before anything reads the request. */
    static final int ORDER = 0;

    @Bean(destroyMethod = "close")
    RequestForwarder requestForwarder(TributaryProperties properties,
                                      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        // a long poll answers when it ends, at most fetch.max-timeout after it started
        return new RequestForwarder(Duration.ofSeconds(5), properties.fetch().maxTimeout().plusSeconds(30), errors);
    }

    @Bean
    FilterRegistrationBean<InstanceForwardingFilter> instanceForwardingFilter(InstanceDirectory directory,
            RequestForwarder forwarder, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        var registration = new FilterRegistrationBean<>(new InstanceForwardingFilter(directory, forwarder, errors));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/consumers/*");
        return registration;
    }
}
