package io.tributary.topic;

import java.util.Map;

/**
 * A validated topic creation request.
 *
 * @param configs the configs set for it (the others take the defaults)
 */
public record NewTopic(String name, int partitions, Map<String, String> configs) {

    public NewTopic {
        configs = Map.copyOf(configs);
    }
}
