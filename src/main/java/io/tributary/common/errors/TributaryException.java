package io.tributary.common.errors;

/**
 * Why a request to a capability (topics, produce, consumers, groups, reads) failed, in the domain's words. Every
 * backend throws these and nothing else for failures a client should see; the web layer alone turns them into Kafka
 * REST error codes (one translator), so that no domain class knows about HTTP. Sealed: the translator covers every
 * kind, and a new kind is a compile-time decision.
 */
public abstract sealed class TributaryException extends RuntimeException permits
        UnknownTopicException, UnknownPartitionException, UnknownConsumerException, UnknownGroupException,
        NotFoundException, InvalidRequestException, TopicExistsException, InvalidPartitionsException,
        InvalidTopicException, InvalidConfigException, InvalidRecordsException, InvalidRecordException,
        InvalidConsumerConfigException, SubscriptionConflictException, ConsumerExistsException,
        IllegalConsumerStateException, LimitExceededException, AuthorizationException, RecordTooLargeException,
        CorruptRecordException, StorageException, IdempotencyKeyReusedException, BackendUnavailableException,
        InvalidAclException, AclsDisabledException, InvalidBrokerConfigException {

    TributaryException(String message) {
        super(message);
    }

    TributaryException(String message, Throwable cause) {
        super(message, cause);
    }
}
