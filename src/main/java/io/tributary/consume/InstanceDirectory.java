package io.tributary.consume;

import java.net.URI;
import java.util.Objects;

/**
 * Where a consumer instance lives, asked before any request for it ({@code /consumers/{group}/instances/{instance}/...})
 * is served, so that any node can take any request: a request for an instance another live node holds is forwarded
 * there. One node alone holds everything it knows ({@link #singleNode()}); several nodes over Kafka ask their shared
 * instance registry.
 */
public interface InstanceDirectory {

    /**
     * Where the instance is.
     *
     * @throws io.tributary.common.errors.BackendUnavailableException when the registry cannot be read in time
     */
    Location locate(String group, String instance);

    /** The directory of a node that is the whole cluster: every instance is here or nowhere. */
    static InstanceDirectory singleNode() {
        return (group, instance) -> Location.HERE;
    }

    /** The answer of {@link #locate}. */
    sealed interface Location {

        Here HERE = new Here();

        /**
         * This node answers: it holds the instance, or no live node does (then this node's {@link ConsumerInstances}
         * answers that it is unknown, or takes it over from its dead owner).
         */
        record Here() implements Location {
        }

        /** Another live node holds the instance; {@code node} is its base URL, as the nodes reach each other. */
        record Elsewhere(URI node) implements Location {

            public Elsewhere {
                Objects.requireNonNull(node, "node");
            }
        }
    }
}
