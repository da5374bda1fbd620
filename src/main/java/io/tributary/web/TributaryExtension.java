package io.tributary.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks what Tributary adds to the Confluent REST Proxy API, so the OpenAPI document tells it apart
 * ({@code OpenApiConventions}): on a controller or handler method, the operation is Tributary's own
 * ({@code x-tributary-extension: true}); on a handler parameter, the parameter is; with {@link #additions()}, the
 * operation is Confluent's and Tributary adds what is listed ({@code x-tributary-additions}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface TributaryExtension {

    /** What Tributary adds to an operation of Confluent's (fields, media types); empty: the whole element is an addition. */
    String[] additions() default {};
}
