package io.tributary.web.security;

import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.tributary.acl.Acls;
import io.tributary.common.AccessControl;
import io.tributary.settings.TributaryProperties;

import jakarta.servlet.DispatcherType;


import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring Security for Tributary. Off by default ({@code tributary.security.enabled=false}): no filter chain applies
 * and every request is allowed, as a local quickstart expects. On: every request but health, info and the API
 * documentation needs HTTP Basic credentials or an API key; metrics need the admin or monitor role; what a principal
 * may do on topics and groups is decided by its ACLs. docs/security.md.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final String ADMIN = TributaryProperties.Role.ADMIN.name();
    private static final String MONITOR = TributaryProperties.Role.MONITOR.name();

    /**
     * Spring Security's strict firewall, except that encoded '/', '\', '.' and '%' in a path reach the topic name
     * check, which answers them with 42206 (and the path never touches the disk), as without security.
     */
    @Bean
    public HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowBackSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowUrlEncodedPeriod(true);
        return firewall;
    }

    @Bean
    public RequestRejectedHandler requestRejectedHandler(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors, TributaryProperties properties) {
        return new SecurityErrorResponses(errors, properties.security().realm()).rejected();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "tributary.security.enabled", havingValue = false, matchIfMissing = true)
    static class Off {

        /** A chain that matches no request, instead of Spring Boot's default that would ask for a login. */
        @Bean
        SecurityFilterChain openFilterChain(HttpSecurity http) throws Exception {
            return http.securityMatcher(request -> false).build();
        }

        /**
         * And not even that chain in the servlet filter chain: with security off a request costs no security work at
         * all (no firewall, no chain matching, no observation).
         */
        @Bean
        static BeanPostProcessor securityFilterNotRegistered() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String name) {
                    // Boot's registration of the springSecurityFilterChain (SecurityFilterAutoConfiguration)
                    if (bean instanceof DelegatingFilterProxyRegistrationBean registration
                            && name.equals("securityFilterChainRegistration")) {
                        registration.setEnabled(false);
                    }
                    return bean;
                }
            };
        }

        @Bean
        AccessControl accessControl() {
            return AccessControl.PERMIT_ALL;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "tributary.security.enabled")
    static class On implements WebMvcConfigurer {

        private final SecurityContextAccessControl access;

        On(Acls acls) {
            this.access = new SecurityContextAccessControl(acls);
        }

        @Bean
        AccessControl accessControl() {
            return access;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new EndpointAuthorizationInterceptor(new EndpointPermissions(), access));
        }

        @Bean
        SecurityFilterChain securedFilterChain(HttpSecurity http, TributaryProperties properties,
                                               @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors)
                throws Exception {
            TributaryProperties.Security security = properties.security();
            SecurityErrorResponses responses = new SecurityErrorResponses(errors, security.realm());
            AuthenticationManager authentication = new ProviderManager(
                    new CredentialAuthenticationProvider(new CredentialStore(security.principals(), security.maxConcurrentCredentialChecks())));
            AuthenticationFilter apiKeys = new AuthenticationFilter(authentication, ApiKeyAuthentication.CONVERTER);
            apiKeys.setSuccessHandler((request, response, auth) -> {
                // go on to the endpoint; no redirect
            });
            apiKeys.setFailureHandler(new AuthenticationEntryPointFailureHandler(responses.unauthenticated()));

            return http
                    // credentials come with every request, no cookies or sessions: nothing for CSRF to abuse
                    .csrf(AbstractHttpConfigurer::disable)
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(AbstractHttpConfigurer::disable)
                    .formLogin(AbstractHttpConfigurer::disable)
                    .logout(AbstractHttpConfigurer::disable)
                    .authenticationManager(authentication)
                    .httpBasic(basic -> basic.realmName(security.realm()).authenticationEntryPoint(responses.unauthenticated()))
                    .addFilterAfter(apiKeys, BasicAuthenticationFilter.class)
                    .exceptionHandling(e -> e.authenticationEntryPoint(responses.unauthenticated())
                            .accessDeniedHandler(responses.denied()))
                    .authorizeHttpRequests(requests -> requests
                            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                            .requestMatchers(EndpointRequest.to("health", "info")).permitAll()
                            .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAnyRole(ADMIN, MONITOR)
                            .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**",
                                    "/error").permitAll()
                            // the console's static files: it asks for credentials itself and sends them with each call
                            .requestMatchers("/", "/console", "/console/**").permitAll()
                            .anyRequest().authenticated())
                    .build();
        }

        /**
         * Swagger UI's "Authorize" button: HTTP Basic, the X-API-Key header, or a bearer API key. (The 401 and 403
         * answers are on every operation whether security is on or not, so the document does not change with it:
         * OpenApiConfiguration.)
         */
        @Bean
        OpenApiCustomizer securitySchemes() {
            return openApi -> {
                openApi.getComponents()
                        .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name(ApiKeyAuthentication.HEADER))
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"));
                openApi.addSecurityItem(new SecurityRequirement().addList("basic"))
                        .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                        .addSecurityItem(new SecurityRequirement().addList("bearer"));
            };
        }
    }
}
