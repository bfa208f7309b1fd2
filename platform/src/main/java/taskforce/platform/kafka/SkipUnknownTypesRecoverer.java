package taskforce.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import taskforce.contracts.UnknownEventTypeException;

/**
 * What happens to a record no listener could handle, for every consumer of every service: a well-formed CloudEvent
 * of an event type this build does not know is skipped (a producer may add types within a version, so it is no
 * poison), counted in {@code taskforce_events_skipped_total{topic,type}} and logged once per type; anything else
 * goes on to the dead-letter topic.
 */
final class SkipUnknownTypesRecoverer implements ConsumerRecordRecoverer {

    static final String METRIC = "taskforce.events.skipped";

    /** Type names come from whoever writes to the broker; past this many the rest share one label. */
    static final int MAX_TYPE_LABELS = 100;

    static final String OTHER_TYPES = "other";

    private static final Logger log = LoggerFactory.getLogger(SkipUnknownTypesRecoverer.class);

    private final ConsumerRecordRecoverer deadLetters;
    private final MeterRegistry meters;
    private final Set<String> seenTypes = ConcurrentHashMap.newKeySet();

    SkipUnknownTypesRecoverer(ConsumerRecordRecoverer deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        Optional<UnknownEventTypeException> unknown = unknownType(failure);
        if (unknown.isEmpty()) {
            deadLetters.accept(record, failure);
            return;
        }
        String type = unknown.get().type();
        boolean labelled = seenTypes.contains(type);
        if (!labelled && seenTypes.size() < MAX_TYPE_LABELS && seenTypes.add(type)) {
            labelled = true;
            log.warn(
                    "skipping events of type {} on {}, which this service does not know (logged once per type)",
                    type,
                    record.topic());
        }
        String label = labelled ? type : OTHER_TYPES;
        Counter.builder(METRIC)
                .description("records skipped because their event type is unknown to this service")
                .tag("topic", record.topic())
                .tag("type", label)
                .register(meters)
                .increment();
    }

    static Optional<UnknownEventTypeException> unknownType(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownEventTypeException unknown) {
                return Optional.of(unknown);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
