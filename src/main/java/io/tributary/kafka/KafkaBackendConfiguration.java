package io.tributary.kafka;

import io.tributary.settings.TributaryProperties;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka clients shared by this node's implementations of the capability ports: the client factory, one admin
 * client, the topic metadata they share. Each port's implementation is a component of this package.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnKafkaBackend
class KafkaBackendConfiguration {

    @Bean
    KafkaClients kafkaClients(TributaryProperties properties) {
        return new KafkaClients(properties.kafka(), "tributary-" + nodeName());
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(KafkaClients clients) {
        return clients.admin();
    }

    @Bean
    KafkaMetadata kafkaMetadata(Admin admin, KafkaClients clients) {
        return new KafkaMetadata(admin, clients.requestTimeout());
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
