package taskforce.platform.kafka;

/**
 * How the system's topics are laid out on the cluster. The production defaults (12 partitions, replication factor 3,
 * {@code min.insync.replicas} 2) survive the loss of one broker without refusing an {@code acks=all} send and let
 * a consumer group grow to twelve instances; a laptop or test broker sets 3, 1 and 1.
 *
 * @param growPartitions whether an existing topic with fewer partitions is grown to {@code partitions}. Off by
 *     default: growing moves keys to other partitions, so events of one aggregate in flight could overtake each
 *     other; an operator decides when.
 */
public record TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas, boolean growPartitions) {

    public static final TopicLayout PRODUCTION = new TopicLayout(12, (short) 3, 2, false);

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "taskforce.kafka.topics.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "taskforce.kafka.topics.replication-factor must be at least 1, was " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("taskforce.kafka.topics.min-insync-replicas must be between 1 and the"
                    + " replication factor " + replicationFactor + ", was " + minInsyncReplicas);
        }
    }
}
