package io.tributary.web;

import io.tributary.settings.TributaryProperties;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;

/**
 * HTTP plumbing: the request size limit, answers written whole, strict JSON request bodies and query parameters, and async requests (long polls) that outlive
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

    /** Right after the request's observation (which times the whole answer), before everything else. */
    @Bean
    public FilterRegistrationBean<WholeAnswerFilter> wholeAnswerFilter() {
        var registration = new FilterRegistrationBean<>(new WholeAnswerFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /**
     * Request bodies mean one thing: a property given twice is malformed (which one counts would be ambiguous), and a
     * fraction is no integer (Jackson would cut a partition 0.5 down to partition 0).
     */
    @Bean
    public JsonMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SingleValuedParameters());
    }

    /** Long polls end by their own timeout (at most fetch.max-timeout); the container's must never come first. */
    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(properties.fetch().maxTimeout().plusSeconds(30).toMillis());
    }
}
