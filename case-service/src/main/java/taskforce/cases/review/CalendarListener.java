package taskforce.cases.review;

import java.util.Set;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.cases.casefile.Cases;
import taskforce.cases.casefile.ReviewPolicy;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseStatus;
import taskforce.platform.inbox.ProcessedEvents;

/**
 * Files every case in the review calendar when it opens, is validated or moves to another task force, as the case
 * stands when the event is heard (so a late or repeated event files it where it is now), skipping events it has
 * processed already. It hears this service's own topic, so that triage, which opens the cases, need not know of
 * reviews.
 */
@Component
class CalendarListener {

    static final String CONSUMER = "review-calendar";
    static final String GROUP = "case-service-review-calendar";

    private static final Set<String> FILED_ON =
            Set.of(EventTypes.CASE_OPENED.name(), EventTypes.CASE_REVIEWED.name(), EventTypes.CASE_TRANSFERRED.name());

    private final Cases cases;
    private final ReviewCalendar calendar;
    private final ReviewPolicy policy;
    private final ProcessedEvents processed;

    CalendarListener(Cases cases, ReviewCalendar calendar, ReviewPolicy policy, ProcessedEvents processed) {
        this.cases = cases;
        this.calendar = calendar;
        this.policy = policy;
        this.processed = processed;
    }

    // the id names the listener's threads, so that what it reads is told apart from triage's
    // (CaseTriageIntegrationTest)
    @KafkaListener(id = CONSUMER, topics = Topics.CASES_NAME, groupId = GROUP)
    void on(CloudEvent event) {
        if (!FILED_ON.contains(event.type())) {
            return; // another type on the topic does not move a due date
        }
        processed.runOnce(
                CONSUMER,
                event,
                () -> cases.find(event.subject())
                        .map(found -> found.value())
                        .filter(c -> !c.purged() && c.status() != CaseStatus.MERGED)
                        .ifPresent(c -> calendar.file(c.taskForceId(), c.reviewDueAt(policy.period()), c.id())));
    }
}
