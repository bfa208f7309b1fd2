package taskforce.cases.review;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.cases.casefile.Cases;
import taskforce.cases.casefile.ReviewPolicy;
import taskforce.cases.casefile.Tombstones;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.cases.CaseReviewed;
import taskforce.contracts.cases.CaseStatus;

/**
 * Files every case in the review calendar when it opens, is validated or moves to another task force. It hears this
 * service's own topic, so that triage, which opens the cases, need not know of reviews.
 *
 * <p>An opening and a validation carry the task force and the due date, so they are filed from the event alone, on
 * the lead's hot path without reading the case. Filing is idempotent and an entry is only a pointer that readers
 * check against the case ({@link ReviewCalendar}), so a repeated or late event needs no processed-event log: at
 * worst it leaves a stale pointer, which readers skip. The one thing a late event must not do is file a purged case
 * again, leaving its id behind after the erasure: the case's tombstone, written before the erasure takes the case
 * out of the calendar, is checked after filing, so that either the erasure or this check takes it out. A transfer
 * does not carry the due date, so the case is read (transfers are rare).
 */
@Component
class CalendarListener {

    static final String CONSUMER = "review-calendar";
    static final String GROUP = "case-service-review-calendar";

    private final Cases cases;
    private final Tombstones tombstones;
    private final ReviewCalendar calendar;
    private final ReviewPolicy policy;

    CalendarListener(Cases cases, Tombstones tombstones, ReviewCalendar calendar, ReviewPolicy policy) {
        this.cases = cases;
        this.tombstones = tombstones;
        this.calendar = calendar;
        this.policy = policy;
    }

    // the id names the listener's threads, so that what it reads is told apart from triage's
    // (CaseTriageIntegrationTest)
    @KafkaListener(id = CONSUMER, topics = Topics.CASES_NAME, groupId = GROUP)
    void on(CloudEvent event) {
        if (EventTypes.CASE_OPENED.name().equals(event.type())) {
            CaseOpened opened = EventCodec.instance().payload(event, EventTypes.CASE_OPENED);
            // as Case.reviewDueAt has it for a case never validated
            file(
                    opened.taskForceId(),
                    opened.openedAt().plus(policy.period()).truncatedTo(ChronoUnit.MILLIS),
                    opened.caseId());
        } else if (EventTypes.CASE_REVIEWED.name().equals(event.type())) {
            CaseReviewed reviewed = EventCodec.instance().payload(event, EventTypes.CASE_REVIEWED);
            file(reviewed.taskForceId(), reviewed.nextReviewDueAt(), reviewed.caseId());
        } else if (EventTypes.CASE_TRANSFERRED.name().equals(event.type())) {
            cases.find(event.subject())
                    .map(found -> found.value())
                    .filter(c -> !c.purged() && c.status() != CaseStatus.MERGED)
                    .ifPresent(c -> file(c.taskForceId(), c.reviewDueAt(policy.period()), c.id()));
        }
        // another type on the topic does not move a due date
    }

    private void file(String taskForceId, Instant due, String caseId) {
        calendar.file(taskForceId, due, caseId);
        if (tombstones.find(caseId).isPresent()) {
            calendar.unfile(taskForceId, due, caseId); // purged meanwhile: no pointer may outlive the erasure
        }
    }
}
