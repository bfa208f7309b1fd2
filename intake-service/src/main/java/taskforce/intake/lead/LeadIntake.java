package taskforce.intake.lead;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.lead.IdentifierType;
import taskforce.intake.IntakeServiceApplication;
import taskforce.intake.directory.Directory;
import taskforce.platform.outbox.AggregateStore.Versioned;
import taskforce.platform.refusal.Conflict;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.refusal.RuleRefused;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts leads exactly once. Without transactions, the writes are ordered so that a crash between any two of
 * them is repaired by simply retrying the request:
 *
 * <ol>
 *   <li>claim the agency's reference for a fresh lead id (or find the lead id that holds it);
 *   <li>store the lead under the claimed id together with its {@code lead.submitted.v1} (one write; a retry finds
 *       it or creates it with the same id);
 *   <li>record the answer under the {@code Idempotency-Key}, last.
 * </ol>
 *
 * The lead remembers which key and request created it, so a retry of that request gets the 202 of a new lead,
 * while any other request with the same reference gets the first lead as a duplicate.
 */
@Service
public class LeadIntake {

    static final int ACCEPTED = 202;
    static final int DUPLICATE = 200;

    private final Leads leads;
    private final LeadReferences references;
    private final IdempotencyKeys keys;
    private final Directory directory;
    private final JsonMapper json;
    private final Clock clock;

    LeadIntake(
            Leads leads,
            LeadReferences references,
            IdempotencyKeys keys,
            Directory directory,
            JsonMapper json,
            Clock clock) {
        this.leads = leads;
        this.references = references;
        this.keys = keys;
        this.directory = directory;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Submits the lead as {@code submitter}, whose identity replaces whatever the body said, so that the same lead
     * with and without the (matching) identity fields is the same request.
     */
    public SubmissionAnswer submit(String idempotencyKey, Submitter submitter, LeadSubmissionRequest body) {
        LeadSubmissionRequest request = body.withIdentity(submitter.agencyId(), submitter.submittedBy());
        Instant now = clock.instant();
        OccurrenceTime.problem(request.occurredAt(), now).ifPresent(problem -> {
            throw new InvalidField("occurredAt", "occurredAt " + problem);
        });
        refusePersonAsIdentifier(request);
        String hash = RequestFingerprint.of(request);
        Optional<IdempotencyKeys.Recorded> recorded = keys.find(request.agencyId(), idempotencyKey);
        if (recorded.isPresent()) {
            return replay(recorded.get(), idempotencyKey, hash);
        }

        Optional<String> claimed = references.find(request.agencyId(), request.agencyReference());
        Versioned<Lead> lead = claimed.flatMap(leads::find).orElse(null);
        if (lead == null) {
            // new, or the claim of an earlier attempt whose lead was never written: judged as new either way
            refuseUnlessEligible(request, submitter.directoryMember(), now);
            String leadId = claimed.orElseGet(() -> references.claim(
                    request.agencyId(),
                    request.agencyReference(),
                    UUID.randomUUID().toString(),
                    now));
            lead = createOrFind(leadId, request, idempotencyKey, hash, now);
        }

        LeadView view = LeadView.of(lead.value(), lead.version());
        SubmissionAnswer answer = lead.value().createdBy(idempotencyKey, hash)
                ? new SubmissionAnswer(ACCEPTED, view.leadId(), json.writeValueAsString(view))
                : new SubmissionAnswer(DUPLICATE, view.leadId(), json.writeValueAsString(view.asDuplicate()));
        return replay(keys.record(request.agencyId(), idempotencyKey, hash, answer, now), idempotencyKey, hash);
    }

    private void refuseUnlessEligible(LeadSubmissionRequest request, boolean byMember, Instant now) {
        directory
                .refusal(
                        request.agencyId(),
                        byMember ? request.submittedBy() : null,
                        request.taskForceId(),
                        now.atZone(ZoneOffset.UTC).toLocalDate())
                .ifPresent(refusal -> {
                    throw new RuleRefused("Lead not accepted", refusal.reason(), refusal.field());
                });
    }

    private Versioned<Lead> createOrFind(
            String leadId, LeadSubmissionRequest request, String idempotencyKey, String hash, Instant now) {
        Lead lead = Lead.received(leadId, request, idempotencyKey, hash, now);
        CloudEvent submitted = EventCodec.instance()
                .wrap(EventTypes.LEAD_SUBMITTED, IntakeServiceApplication.SOURCE, leadId, now, lead.submitted());
        // the stored lead is the one every later answer shows: as written, or as an earlier attempt wrote it
        return leads.insert(lead, submitted)
                .or(() -> leads.find(leadId))
                .orElseThrow(() -> new IllegalStateException("lead " + leadId + " vanished"));
    }

    private static SubmissionAnswer replay(IdempotencyKeys.Recorded recorded, String key, String hash) {
        if (!recorded.requestHash().equals(hash)) {
            throw new Conflict(
                    "Idempotency-Key reused",
                    "Idempotency-Key " + key + " was already used for a different request (lead "
                            + recorded.answer().leadId() + "); use a new key for a new request",
                    "Idempotency-Key");
        }
        return recorded.answer();
    }

    /** PERSON names the kind of a deconfliction match on people; a lead names people as subjects instead. */
    static void refusePersonAsIdentifier(LeadSubmissionRequest request) {
        if (request.identifiers() == null) {
            return;
        }
        for (int i = 0; i < request.identifiers().size(); i++) {
            if (request.identifiers().get(i).type() == IdentifierType.PERSON) {
                throw new InvalidField(
                        "identifiers[" + i + "].type",
                        "identifiers[" + i + "].type PERSON is not an identifier: name people as subjects");
            }
        }
    }
}
