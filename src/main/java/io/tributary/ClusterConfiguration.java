package io.tributary;

import io.tributary.consume.InstanceDirectory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

/** What a node needs to know about the other nodes; alone (the embedded backend), nothing. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /**
     * Every instance is here: the embedded backend's node is the whole cluster. A fallback, so the Kafka backend's
     * registry (or a test's directory) replaces it whatever the order the configurations are read in.
     */
    @Bean
    @Fallback
    InstanceDirectory singleNodeInstanceDirectory() {
        return InstanceDirectory.singleNode();
    }
}
