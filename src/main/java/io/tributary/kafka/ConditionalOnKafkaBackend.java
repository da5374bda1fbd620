package io.tributary.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * On every bean of the Kafka backend: they exist only with {@code tributary.backend=kafka}, and then replace the
 * embedded backend's implementations of the capability ports.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = "tributary.backend", havingValue = "kafka")
public @interface ConditionalOnKafkaBackend {
}
