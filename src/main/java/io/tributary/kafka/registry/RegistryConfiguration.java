package io.tributary.kafka.registry;

import io.tributary.consume.InstanceDirectory;
import io.tributary.kafka.ConditionalOnKafkaBackend;
import io.tributary.kafka.KafkaClients;
import io.tributary.settings.TributaryProperties;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The instance registry of a Kafka-backed node, and the directory the web layer asks where an instance is. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnKafkaBackend
class RegistryConfiguration {

    @Bean(destroyMethod = "close")
    InstanceRegistry instanceRegistry(KafkaClients clients, Admin admin, TributaryProperties properties) {
        return new InstanceRegistry(clients, admin, properties.kafka());
    }

    @Bean
    InstanceDirectory registryInstanceDirectory(InstanceRegistry registry) {
        return new RegistryDirectory(registry);
    }

    /**
     * Heartbeats start once the server listens, with its actual port ({@code server.port=0} picks one), unless
     * {@code tributary.kafka.node-url} names the node's address.
     */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            return; // the actuator's own port, when it has one, is not where requests are forwarded to
        }
        InstanceRegistry registry = event.getApplicationContext().getBean(InstanceRegistry.class);
        TributaryProperties properties = event.getApplicationContext().getBean(TributaryProperties.class);
        URI configured = properties.kafka().nodeUrl();
        registry.start(configured != null ? configured : URI.create("http://" + localHostName() + ":" + event.getWebServer().getPort()));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
