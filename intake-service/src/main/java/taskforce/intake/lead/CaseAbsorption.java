package taskforce.intake.lead;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.intake.IntakeServiceApplication;
import taskforce.platform.inbox.ProcessedEvents;
import taskforce.platform.outbox.AggregateStore.Versioned;

/**
 * Follows the leads a merge moved ({@code case.absorbed.v1}, issue 15), once per event: each lead the event names
 * that intake holds now answers the surviving case's id and number, so that its agency following it finds the case
 * that holds it. A lead in the survivor already, one intake does not hold (or holds as a purged stub), and one whose
 * case intake learned later than the merge, are left as they are ({@link Lead#movedTo}); a triage report naming the
 * merged case that comes after the move does not take the lead back ({@link Lead#afterTriage}). Like a triage
 * report, a move changes the lead's document only (by {@code _id}, at the version read) and publishes nothing.
 */
@Service
public class CaseAbsorption {

    static final String CONSUMER = IntakeServiceApplication.NAME + ".case-absorb";

    private static final Logger log = LoggerFactory.getLogger(CaseAbsorption.class);

    private final Leads leads;
    private final ProcessedEvents processed;
    private final Clock clock;

    CaseAbsorption(Leads leads, ProcessedEvents processed, Clock clock) {
        this.leads = leads;
        this.processed = processed;
        this.clock = clock;
    }

    public void follow(CloudEvent event) {
        CaseAbsorbed absorbed = EventCodec.instance().payload(event, EventTypes.CASE_ABSORBED);
        if (absorbed.caseId() == null || absorbed.caseId().isBlank()) {
            throw new IllegalArgumentException("absorption event " + event.id() + " names no surviving case");
        }
        Instant absorbedAt = absorbed.absorbedAt() != null
                ? absorbed.absorbedAt()
                : event.time() != null ? event.time() : clock.instant();
        List<String> leadIds = absorbed.leadIds() == null ? List.of() : absorbed.leadIds();
        // idempotent by itself (Lead.movedTo leaves a lead in the survivor already), as runOnce requires
        processed.runOnce(CONSUMER, event, () -> leadIds.forEach(leadId -> move(leadId, absorbed, absorbedAt)));
    }

    private void move(String leadId, CaseAbsorbed absorbed, Instant absorbedAt) {
        Optional<Versioned<Lead>> found = leads.find(leadId);
        if (found.isEmpty()) {
            log.debug("a merge names lead {}, which intake does not hold (or holds purged)", leadId);
            return;
        }
        Versioned<Lead> lead = found.get();
        lead.value()
                .movedTo(absorbed.caseId(), absorbed.caseNumber(), absorbedAt)
                .ifPresent(changed -> leads.update(changed, lead.version()));
    }
}
