package io.tributary.web.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console (docs/console.md): static HTML, CSS and JavaScript modules under {@code /console/}, which call the
 * public API as any client does. The files live outside Spring Boot's default static locations, so that with
 * {@code tributary.console.enabled=false} nothing of them is served.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "tributary.console.enabled", matchIfMissing = true)
public class ConsoleConfiguration implements WebMvcConfigurer {

    /** Where the console is served; every page is a fragment of this one document ({@code #/topics/orders}). */
    public static final String PATH = "/console/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // no build step fingerprints the file names, so browsers revalidate (ETag / Last-Modified) to see an upgrade
        registry.addResourceHandler(PATH + "**").addResourceLocations("classpath:/console/")
                .setCacheControl(CacheControl.noCache());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/", PATH);
        registry.addRedirectViewController("/console", PATH);
        registry.addViewController(PATH).setViewName("forward:" + PATH + "index.html");
    }

    @Bean
    FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
        var registration = new FilterRegistrationBean<>(new ConsoleHeaders());
        registration.addUrlPatterns(PATH + "*");
        return registration;
    }
}
