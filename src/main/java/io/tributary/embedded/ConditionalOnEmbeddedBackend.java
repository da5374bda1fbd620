package io.tributary.embedded;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * On every bean of the embedded backend (the log engine, the H2 offsets, the group coordinator): they exist only
 * with {@code tributary.backend=embedded}, the default. Another backend implements the same capability ports.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = "tributary.backend", havingValue = "embedded", matchIfMissing = true)
public @interface ConditionalOnEmbeddedBackend {
}
