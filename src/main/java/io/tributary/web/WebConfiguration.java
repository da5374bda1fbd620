package io.tributary.web;

import io.tributary.config.TributaryProperties;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;

/**
 * HTTP plumbing: the request size limit, strict JSON request bodies, and async requests (long polls) that outlive
 * their own timeouts.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration implements WebMvcConfigurer {

    private final TributaryProperties properties;

    public WebConfiguration(TributaryProperties properties) {
        this.properties = properties;
    }

    @Bean
    public FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        var registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(properties.produce().maxRequestSize().toBytes(), errors));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** A property given twice in a request body is malformed: which one counts would be ambiguous. */
    @Bean
    public JsonMapperBuilderCustomizer strictDuplicateDetection() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** Long polls end by their own timeout (at most fetch.max-timeout); the container's must never come first. */
    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(properties.fetch().maxTimeout().plusSeconds(30).toMillis());
    }
}
