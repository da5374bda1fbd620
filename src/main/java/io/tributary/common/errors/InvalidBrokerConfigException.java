package io.tributary.common.errors;

/**
 * A broker config change the cluster refuses: a config that cannot change while the broker runs, or a value it
 * cannot take (Kafka's InvalidRequestException / InvalidConfigurationException for an alter of broker configs).
 */
public final class InvalidBrokerConfigException extends TributaryException {

    public InvalidBrokerConfigException(String message) {
        super(message);
    }
}
