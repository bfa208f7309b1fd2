package taskforce.cases.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.cases.CaseServiceIntegrationTest;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.CaseLeadLinked;
import taskforce.contracts.cases.CaseOpened;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.LeadTriaged;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;
import taskforce.contracts.lead.TriageOutcome;

class CaseTriageIntegrationTest extends CaseServiceIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    MongoTemplate mongo;

    @Nested
    class NewLeads {

        @Test
        void opensACaseWithANumberAndReportsTheLeadLinked() {
            LeadSubmitted lead = lead(
                    BEST_HOUSTON,
                    List.of(new Subject("Rigoberto Quintanilla", LocalDate.parse("1988-04-02"), SubjectRole.SUSPECT)),
                    phone(uniquePhone()));
            produce(submitted(lead));

            LeadTriaged triaged = awaitTriaged(lead.leadId());
            assertThat(triaged.outcome()).isEqualTo(TriageOutcome.LINKED);
            assertThat(triaged.newCase()).isTrue();
            assertThat(triaged.caseId()).isEqualTo(CaseTriage.caseIdFor(lead.leadId()));
            assertThat(triaged.caseNumber()).matches("BEST-HOU-FY\\d{2}-\\d{6}");

            CloudEvent opened = awaitEvent(Topics.CASES_NAME, triaged.caseId(), EventTypes.CASE_OPENED.name());
            assertThat(opened.source()).isEqualTo("/case-service");
            CaseOpened payload = CODEC.payload(opened, EventTypes.CASE_OPENED);
            assertThat(payload.caseNumber()).isEqualTo(triaged.caseNumber());
            assertThat(payload.leadId()).isEqualTo(lead.leadId());

            Response found = as(ADMIN_TOKEN).get("/api/cases/" + triaged.caseId());
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body().get("status").asString()).isEqualTo("OPEN");
            assertThat(found.body().get("leadIds").get(0).asString()).isEqualTo(lead.leadId());
            assertThat(found.header("ETag")).isEqualTo("\"1\"");
            assertThat(found.body().get("subjects").get(0).get("dateOfBirth").asString())
                    .isEqualTo("1988-04-02");
        }

        @Test
        void rejectsALeadForAnUnknownTaskForceWithAReason() {
            LeadSubmitted lead = lead("no-such-task-force", phone(uniquePhone()));
            produce(submitted(lead));

            LeadTriaged triaged = awaitTriaged(lead.leadId());
            assertThat(triaged.outcome()).isEqualTo(TriageOutcome.REJECTED);
            assertThat(triaged.caseId()).isNull();
            assertThat(triaged.reason()).contains("no-such-task-force");
        }
    }

    @Nested
    class Candidates {

        /**
         * A busy case (many leads joined it, each an event and a linked lead) that was closed shares the new lead's
         * phone: triage must see it is closed from its standing, open a new case, and never read the busy one whole.
         */
        @Test
        void aBusyClosedCaseSharingTheLeadsPhoneIsJudgedWithoutBeingRead() {
            String shared = uniquePhone();
            LeadTriaged busy = awaitTriaged(submittedLead(BEST_HOUSTON, shared));
            for (int i = 0; i < 30; i++) {
                assertThat(awaitTriaged(submittedLead(BEST_HOUSTON, shared)).caseId())
                        .isEqualTo(busy.caseId());
            }
            Response closed = as(COORDINATOR_TOKEN)
                    .post(
                            "/api/cases/" + busy.caseId() + "/status",
                            java.util.Map.of("status", "CLOSED", "reason", "prosecution declined"));
            assertThat(closed.status()).as(closed.body().toString()).isEqualTo(200);

            storeCommands.clear();
            storeCommands.resume();
            LeadTriaged next;
            try {
                next = awaitTriaged(submittedLead(BEST_HOUSTON, shared));
            } finally {
                storeCommands.pause();
            }

            assertThat(next.newCase()).isTrue();
            List<Document> readsOfTheBusyCase = storeCommands.sent().stream()
                    .filter(sent ->
                            sent.command().equals("find") && sent.collection().equals("cases"))
                    .map(sent -> Document.parse(sent.document().toJson()))
                    .filter(find -> busy.caseId()
                            .equals(find.get("filter", Document.class).get("_id")))
                    .toList();
            assertThat(readsOfTheBusyCase)
                    .as("the busy case was looked at by its standing")
                    .isNotEmpty();
            assertThat(readsOfTheBusyCase)
                    .as("and never read whole")
                    .allSatisfy(find -> assertThat(find.get("projection", Document.class))
                            .isNotNull()
                            .containsOnlyKeys("taskForceId", "status", "caseNumber", "purgedAt"));
        }

        private String submittedLead(String taskForceId, String phone) {
            LeadSubmitted lead = lead(taskForceId, phone(phone));
            produce(submitted(lead));
            return lead.leadId();
        }
    }

    @Nested
    class StoreCommands {

        /**
         * A lead that opens a case: what triage wrote it does not read back (the case, before deconfliction looks at
         * it; the identifier's index entry, which deciding read a moment before; the case's outbox and marker, which
         * the write hands to the relay), and the task force's turn is taken without reading it first.
         */
        @Test
        void aLeadThatOpensACaseReadsNothingBackThatItWrote() {
            String phone = uniquePhone();
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(phone));
            String caseId = CaseTriage.caseIdFor(lead.leadId());
            storeCommands.clear();
            storeCommands.resume();
            try {
                produce(submitted(lead));
                assertThat(awaitTriaged(lead.leadId()).caseId()).isEqualTo(caseId);
                await().atMost(WAIT)
                        .until(() -> mongo.getCollection("outbox_pending")
                                        .find(new Document("_id", "cases|" + caseId))
                                        .first()
                                == null);
            } finally {
                storeCommands.pause();
            }

            // each find triage sent (not this test's polling, nor the review calendar's consumer, which reads the
            // case it files on hearing case.opened) as the collection it read and the _id its filter named (a read
            // of pending work names none)
            List<List<String>> finds = storeCommands.sent().stream()
                    .filter(sent -> !sent.thread().startsWith("awaitility")
                            && !sent.thread().startsWith("review-calendar")
                            && !sent.thread().equals(Thread.currentThread().getName()))
                    .filter(sent -> sent.command().equals("find") && sent.document() != null)
                    .map(sent -> Document.parse(sent.document().toJson()))
                    .map(find -> List.of(
                            find.getString("find"),
                            String.valueOf(find.get("filter", new Document()).get("_id"))))
                    .toList();
            assertThat(finds)
                    .as("reads of the case, its marker and the task force's turn")
                    .filteredOn(find -> List.of(caseId, "cases|" + caseId, "triage:" + BEST_HOUSTON)
                            .contains(find.get(1)))
                    .isEmpty();
            assertThat(finds)
                    .as("reads of the lead's identifier in the task force's index")
                    .filteredOn(find -> find.get(0).equals(CaseTriage.IDENTIFIER_INDEX)
                            && find.get(1).startsWith(BEST_HOUSTON + "|PHONE|"))
                    .hasSize(1);
        }
    }

    @Nested
    class Deconfliction {

        @Test
        void linksASecondLeadSharingAPhoneWrittenDifferentlyToTheSameCase() {
            String digits = uniquePhone().replaceAll("\\D", "");
            String first = "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
            String second = "+1 " + digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6);
            LeadSubmitted lead1 = lead(BEST_HOUSTON, phone(first));
            produce(submitted(lead1));
            LeadTriaged opened = awaitTriaged(lead1.leadId());

            Identifier plate = new Identifier(IdentifierType.VEHICLE_PLATE, "TX " + digits.substring(3));
            LeadSubmitted lead2 = lead(BEST_HOUSTON, phone(second), plate);
            produce(submitted(lead2));
            LeadTriaged linked = awaitTriaged(lead2.leadId());

            assertThat(linked.outcome()).isEqualTo(TriageOutcome.LINKED);
            assertThat(linked.newCase()).isFalse();
            assertThat(linked.caseId()).isEqualTo(opened.caseId());
            assertThat(linked.caseNumber()).isEqualTo(opened.caseNumber());

            CaseLeadLinked event = CODEC.payload(
                    awaitEvent(Topics.CASES_NAME, opened.caseId(), EventTypes.CASE_LEAD_LINKED.name()),
                    EventTypes.CASE_LEAD_LINKED);
            assertThat(event.leadId()).isEqualTo(lead2.leadId());
            assertThat(event.matchedIdentifiers()).containsExactly(phone(second));

            Response found = as(ADMIN_TOKEN).get("/api/cases/" + opened.caseId());
            assertThat(found.body().get("leadIds").valueStream().map(n -> n.asString()))
                    .containsExactly(lead1.leadId(), lead2.leadId());
            assertThat(found.body()
                            .get("identifiers")
                            .valueStream()
                            .map(n -> n.get("normalizedValue").asString()))
                    .containsExactly("+1" + digits, "TX:" + digits.substring(3));
        }

        @Test
        void opensASeparateCaseForTheSamePhoneInAnotherTaskForce() {
            String shared = uniquePhone();
            LeadSubmitted houston = lead(BEST_HOUSTON, phone(shared));
            produce(submitted(houston));
            LeadTriaged first = awaitTriaged(houston.leadId());

            LeadSubmitted losAngeles = lead("gang-los-angeles", phone(shared));
            produce(submitted(losAngeles));
            LeadTriaged second = awaitTriaged(losAngeles.leadId());

            assertThat(second.newCase()).isTrue();
            assertThat(second.caseId()).isNotEqualTo(first.caseId());
            assertThat(second.caseNumber()).startsWith("GANG-LOS-FY");
        }
    }

    @Nested
    class ExactlyOnce {

        @Test
        void theSameEventDeliveredTwiceOpensOneCase() {
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(uniquePhone()));
            CloudEvent event = submitted(lead);
            produce(event);
            produce(event);
            // intake's outbox may also resend the lead under a new event id after a crash
            produce(submitted(lead));
            LeadTriaged triaged = awaitTriaged(lead.leadId());

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(events(Topics.CASES_NAME, triaged.caseId()))
                        .filteredOn(ofType(EventTypes.CASE_OPENED.name()))
                        .hasSize(1);
                assertThat(events(Topics.LEAD_TRIAGE_NAME, lead.leadId())).hasSize(1);
            });
            Response cases = as(ADMIN_TOKEN)
                    .get("/api/cases?q="
                            + lead.summary().substring(lead.summary().length() - 8));
            assertThat(cases.body().get("totalElements").asLong()).isEqualTo(1);
        }
    }

    @Nested
    class CrashRecovery {

        @Test
        void aRedeliveredLeadCarriesOutTheDecisionStoredBeforeTheCrash() {
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(uniquePhone()));
            String decidedNumber =
                    "BEST-HOU-FY27-9" + lead.leadId().substring(0, 5).replaceAll("\\D", "7");
            // the crash came after the decision was stored and before the case was written
            mongo.getCollection(CaseTriage.DECISIONS)
                    .insertOne(new Document("_id", lead.leadId())
                            .append("taskForceId", BEST_HOUSTON)
                            .append("agencyId", lead.agencyId())
                            .append("outcome", "LINKED")
                            .append("caseId", CaseTriage.caseIdFor(lead.leadId()))
                            .append("caseNumber", decidedNumber)
                            .append("newCase", true)
                            .append("decidedAt", new java.util.Date())
                            .append("version", 1L));
            produce(submitted(lead));

            LeadTriaged triaged = awaitTriaged(lead.leadId());
            assertThat(triaged.caseNumber()).isEqualTo(decidedNumber);
            assertThat(as(ADMIN_TOKEN)
                            .get("/api/cases/" + triaged.caseId())
                            .body()
                            .get("caseNumber")
                            .asString())
                    .isEqualTo(decidedNumber);
        }

        @Test
        void aStoredDecisionNamingACaseMergedSinceLinksTheLeadToTheSurvivor() {
            LeadTriaged merged = openCase();
            String survivor = openCase().caseId();
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(uniquePhone()));
            // the decision was stored, then the case it names was merged before the lead was linked
            mongo.getCollection(CaseTriage.DECISIONS)
                    .insertOne(new Document("_id", lead.leadId())
                            .append("taskForceId", BEST_HOUSTON)
                            .append("agencyId", lead.agencyId())
                            .append("outcome", "LINKED")
                            .append("caseId", merged.caseId())
                            .append("caseNumber", merged.caseNumber())
                            .append("newCase", false)
                            .append("decidedAt", new java.util.Date())
                            .append("version", 1L));
            assertThat(as(COORDINATOR_TOKEN)
                            .post(
                                    "/api/cases/" + merged.caseId() + "/merge",
                                    java.util.Map.of("intoCaseId", survivor, "reason", "one target"))
                            .status())
                    .isEqualTo(200);

            produce(submitted(lead));
            awaitTriaged(lead.leadId());

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(as(COORDINATOR_TOKEN)
                                    .get("/api/cases/" + survivor)
                                    .body()
                                    .get("leadIds"))
                            .extracting(tools.jackson.databind.JsonNode::asString)
                            .contains(lead.leadId()));
        }

        @Test
        void aLeadRedeliveredAfterItsCaseWasWrittenOnlyCompletesTheIdentifierIndex() {
            String shared = uniquePhone();
            LeadSubmitted lead = lead(BEST_HOUSTON, phone(shared));
            CloudEvent event = submitted(lead);
            produce(event);
            LeadTriaged opened = awaitTriaged(lead.leadId());
            await().atMost(WAIT)
                    .until(() -> mongo.getCollection("processed_events")
                                    .find(new Document("_id", "case-triage:" + event.id()))
                                    .first()
                            != null);
            // the crash came after the case write: neither the index nor the processed mark was written
            mongo.getCollection("processed_events").deleteOne(new Document("_id", "case-triage:" + event.id()));
            mongo.getCollection(CaseTriage.IDENTIFIER_INDEX).deleteMany(new Document("caseIds", opened.caseId()));
            produce(event);

            LeadSubmitted second = lead(BEST_HOUSTON, phone(shared));
            await().atMost(WAIT)
                    .until(() -> mongo.getCollection("processed_events")
                                    .find(new Document("_id", "case-triage:" + event.id()))
                                    .first()
                            != null);
            produce(submitted(second));
            assertThat(awaitTriaged(second.leadId()).caseId()).isEqualTo(opened.caseId());
            assertThat(events(Topics.LEAD_TRIAGE_NAME, lead.leadId())).hasSize(1);
            assertThat(events(Topics.CASES_NAME, opened.caseId()))
                    .filteredOn(ofType(EventTypes.CASE_OPENED.name()))
                    .hasSize(1);
        }
    }

    @Nested
    class PoisonRecords {

        @Test
        void anEventTypeTheServiceDoesNotKnowIsSkippedAndCountedWhileTheNextLeadIsTriaged() {
            String key = "unknown-" + UUID.randomUUID();
            String type = "lead.withdrawn-" + UUID.randomUUID().toString().substring(0, 8) + ".v1";
            CloudEvent later = submitted(lead(BEST_HOUSTON, phone(uniquePhone())));
            produceRaw(
                    Topics.LEADS_NAME,
                    key,
                    CODEC.write(new CloudEvent(
                            later.specversion(),
                            UUID.randomUUID().toString(),
                            later.source(),
                            type,
                            later.time(),
                            later.subject(),
                            later.datacontenttype(),
                            later.data())));
            LeadSubmitted next = lead(BEST_HOUSTON, phone(uniquePhone()));
            produceRaw(Topics.LEADS_NAME, key, CODEC.write(submitted(next)));

            assertThat(awaitTriaged(next.leadId()).outcome()).isEqualTo(TriageOutcome.LINKED);
            Counter skipped = meters.find("taskforce.events.skipped")
                    .tag("topic", Topics.LEADS_NAME)
                    .tag("type", type)
                    .counter();
            assertThat(skipped).isNotNull();
            assertThat(skipped.count()).isEqualTo(1.0);
            assertThat(records(Topics.LEADS.deadLetter()))
                    .filteredOn(r -> key.equals(r.key()))
                    .isEmpty();
        }

        @Test
        void goToTheDeadLetterTopicWhileTheNextLeadIsStillTriaged() {
            String key = "poison-" + UUID.randomUUID();
            produceRaw(Topics.LEADS_NAME, key, "this is not a CloudEvent {");
            LeadSubmitted next = lead(BEST_HOUSTON, phone(uniquePhone()));
            produceRaw(Topics.LEADS_NAME, key, CODEC.write(submitted(next)));

            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(records(Topics.LEADS.deadLetter()))
                            .filteredOn(r -> key.equals(r.key()))
                            .extracting(r -> r.value())
                            .containsExactly("this is not a CloudEvent {"));
            assertThat(awaitTriaged(next.leadId()).outcome()).isEqualTo(TriageOutcome.LINKED);
        }
    }
}
