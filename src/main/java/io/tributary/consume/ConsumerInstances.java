package io.tributary.consume;

/**
 * Consumer instances, the Confluent v2 way: an instance is a member of a consumer group, created by one request and
 * used by later ones, that lives until it is deleted or stops polling. The port the HTTP layer uses; each backend
 * keeps its instances its own way (the embedded group coordinator, or a Kafka consumer per instance).
 */
public interface ConsumerInstances {

    /**
     * Creates an instance in a group (the group exists from its first instance on).
     *
     * @param name       the instance name, or null to generate one
     * @param clientHost the client's address, shown in group descriptions
     * @param owner      the principal that creates it: only it may use the instance
     * @throws io.tributary.common.errors.InvalidRequestException for a group id that cannot be used
     * @throws io.tributary.common.errors.InvalidConsumerConfigException for an invalid name or a strategy the group
     *                                                                    does not use
     * @throws io.tributary.common.errors.ConsumerExistsException when the name is taken
     * @throws io.tributary.common.errors.LimitExceededException when the instance limits are reached
     */
    ConsumerInstance create(String group, String name, InstanceConfig config, String clientHost, String owner);

    /**
     * The instance, renewed by this request of {@code principal}.
     *
     * @throws io.tributary.common.errors.UnknownConsumerException saying why when it is gone
     * @throws io.tributary.common.errors.AuthorizationException when {@code principal} did not create it (it is not
     *                                                           renewed then)
     */
    ConsumerInstance instance(String group, String instance, String principal);
}
