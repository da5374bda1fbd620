-- Committed offsets of consumer groups: the offset of the next record to read, per group, topic and partition.
CREATE TABLE committed_offsets (
    group_id         VARCHAR(255)  NOT NULL,
    topic            VARCHAR(255)  NOT NULL,
    partition_id     INT           NOT NULL,
    committed_offset BIGINT        NOT NULL,
    metadata         VARCHAR(4096) NOT NULL DEFAULT '',
    commit_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, topic, partition_id)
);

-- Deleting a topic removes its offsets in every group.
CREATE INDEX committed_offsets_topic ON committed_offsets (topic);
