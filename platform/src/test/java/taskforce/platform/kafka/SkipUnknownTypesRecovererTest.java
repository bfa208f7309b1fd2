package taskforce.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;
import taskforce.contracts.UnknownEventTypeException;

class SkipUnknownTypesRecovererTest {

    private final List<ConsumerRecord<?, ?>> deadLettered = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SkipUnknownTypesRecoverer recoverer =
            new SkipUnknownTypesRecoverer((record, failure) -> deadLettered.add(record), meters);
    private final ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.CASES_NAME, 0, 7L, "k", "v");

    private double skipped(String type) {
        var counter = meters.find(SkipUnknownTypesRecoverer.METRIC)
                .tag("topic", Topics.CASES_NAME)
                .tag("type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Nested
    class AnUnknownEventType {

        @Test
        void isSkippedAndCountedInsteadOfDeadLettered() {
            recoverer.accept(
                    record,
                    new ListenerExecutionFailedException(
                            "listener failed", new UnknownEventTypeException("case.exploded.v1", "e-1")));

            assertThat(deadLettered).isEmpty();
            assertThat(skipped("case.exploded.v1")).isEqualTo(1.0);
        }

        @Test
        void isFoundBehindTheDeserializersWrapping() {
            recoverer.accept(
                    record,
                    new DeserializationException(
                            "failed", new byte[0], false, new UnknownEventTypeException("case.exploded.v1", "e-2")));
            recoverer.accept(
                    record,
                    new DeserializationException(
                            "failed", new byte[0], false, new UnknownEventTypeException("case.exploded.v1", "e-3")));

            assertThat(deadLettered).isEmpty();
            assertThat(skipped("case.exploded.v1")).isEqualTo(2.0);
        }

        @Test
        void sharesOneLabelWithOthersOnceTooManyTypesWereSeen() {
            for (int i = 0; i < SkipUnknownTypesRecoverer.MAX_TYPE_LABELS + 5; i++) {
                recoverer.accept(record, new UnknownEventTypeException("case.made-up-" + i + ".v1", "e-" + i));
            }
            assertThat(skipped(SkipUnknownTypesRecoverer.OTHER_TYPES)).isEqualTo(5.0);
            assertThat(skipped("case.made-up-0.v1")).isEqualTo(1.0);
        }
    }

    @Nested
    class AnyOtherFailure {

        @Test
        void goesToTheDeadLetterTopic() {
            recoverer.accept(
                    record,
                    new ListenerExecutionFailedException(
                            "listener failed", new MalformedEventException("not a CloudEvent")));
            recoverer.accept(record, new IllegalStateException("store down"));

            assertThat(deadLettered).hasSize(2);
            assertThat(meters.find(SkipUnknownTypesRecoverer.METRIC).counters()).isEmpty();
        }
    }
}
