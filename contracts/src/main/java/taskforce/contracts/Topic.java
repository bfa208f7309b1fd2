package taskforce.contracts;

/**
 * A Kafka topic of the system, with what its record key is. The key is always the id of the aggregate the
 * events belong to, so that all events of one aggregate stay in order on one partition.
 */
public record Topic(String name, String key, boolean compacted) {

    public String deadLetter() {
        return name + ".dlt";
    }
}
