package taskforce.intake.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.lead.TriageOutcome;

class LeadTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00.123456Z");
    static final Instant LATER = Instant.parse("2026-11-24T13:00:00Z");

    private final Lead received = Lead.received("lead-1", LeadSubmissionRulesTest.valid(), "key-1", "hash-1", NOW);

    @Nested
    class Received {

        @Test
        void startsReceivedWithTimesCutToMilliseconds() {
            assertThat(received.status()).isEqualTo(LeadStatus.RECEIVED);
            assertThat(received.receivedAt()).isEqualTo(Instant.parse("2026-11-24T12:00:00.123Z"));
            assertThat(received.identifiers()).hasSize(1);
        }

        @Test
        void knowsTheRequestThatCreatedIt() {
            assertThat(received.createdBy("key-1", "hash-1")).isTrue();
            assertThat(received.createdBy("key-2", "hash-1")).isFalse();
            assertThat(received.createdBy("key-1", "hash-2")).isFalse();
        }

        @Test
        void announcesItselfWithAllItsContent() {
            assertThat(received.submitted().leadId()).isEqualTo("lead-1");
            assertThat(received.submitted().agencyReference()).isEqualTo("HPD-1");
            assertThat(received.submitted().receivedAt()).isEqualTo(received.receivedAt());
        }
    }

    @Nested
    class Triage {

        @Test
        void linksTheLeadToItsCase() {
            Lead linked = received.afterTriage(TriageOutcome.LINKED, "case-1", "BEST-HOU-FY27-000001", null, LATER)
                    .orElseThrow();
            assertThat(linked.status()).isEqualTo(LeadStatus.LINKED);
            assertThat(linked.caseId()).isEqualTo("case-1");
            assertThat(linked.caseNumber()).isEqualTo("BEST-HOU-FY27-000001");
            assertThat(linked.triagedAt()).isEqualTo(LATER);
        }

        @Test
        void rejectsTheLeadWithTheReason() {
            Lead rejected = received.afterTriage(TriageOutcome.REJECTED, null, null, "out of scope", LATER)
                    .orElseThrow();
            assertThat(rejected.status()).isEqualTo(LeadStatus.REJECTED);
            assertThat(rejected.reason()).isEqualTo("out of scope");
            assertThat(rejected.caseId()).isNull();
        }

        @Test
        void changesNothingWhenTheSameReportComesAgain() {
            Lead linked = received.afterTriage(TriageOutcome.LINKED, "case-1", null, null, LATER)
                    .orElseThrow();
            assertThat(linked.afterTriage(TriageOutcome.LINKED, "case-1", null, null, LATER))
                    .isEmpty();
        }

        @Test
        void letsALaterTriageWinButNeverAnEarlierOne() {
            Lead linked = received.afterTriage(TriageOutcome.LINKED, "case-1", null, null, LATER)
                    .orElseThrow();
            assertThat(linked.afterTriage(TriageOutcome.REJECTED, null, null, "stale", NOW))
                    .isEmpty();
            assertThat(linked.afterTriage(TriageOutcome.LINKED, "case-2", null, null, LATER.plusSeconds(1)))
                    .get()
                    .extracting(Lead::caseId)
                    .isEqualTo("case-2");
        }

        @Test
        void refusesALinkWithoutACase() {
            assertThatThrownBy(() -> received.afterTriage(TriageOutcome.LINKED, null, null, null, LATER))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Merge {

        static final Instant MERGED = Instant.parse("2026-11-24T14:00:00.123456Z");

        private final Lead inA = received.afterTriage(
                        TriageOutcome.LINKED, "case-a", "BEST-HOU-FY27-00000A", null, LATER)
                .orElseThrow();

        @Test
        void movesALeadOfTheMergedCaseToTheSurvivorKeepingItsTriage() {
            Lead inB = inA.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED).orElseThrow();
            assertThat(inB.status()).isEqualTo(LeadStatus.LINKED);
            assertThat(inB.caseId()).isEqualTo("case-b");
            assertThat(inB.caseNumber()).isEqualTo("BEST-HOU-FY27-00000B");
            assertThat(inB.triagedAt()).isEqualTo(LATER);
            assertThat(inB.movedAt()).isEqualTo(Instant.parse("2026-11-24T14:00:00.123Z"));
        }

        @Test
        void changesNothingForALeadInTheSurvivorAlready() {
            Lead inB = inA.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED).orElseThrow();
            assertThat(inB.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED)).isEmpty();
            assertThat(inB.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED.plusSeconds(1)))
                    .isEmpty();
        }

        @Test
        void aReportNamingTheMergedCaseDoesNotTakeTheLeadBack() {
            Lead inB = inA.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED).orElseThrow();
            assertThat(inB.afterTriage(TriageOutcome.LINKED, "case-a", "BEST-HOU-FY27-00000A", null, LATER))
                    .as("the same report again")
                    .isEmpty();
            assertThat(inB.afterTriage(
                            TriageOutcome.LINKED, "case-a", "BEST-HOU-FY27-00000A", null, MERGED.minusSeconds(1)))
                    .as("a re-triage from before the merge, heard after it")
                    .isEmpty();
            assertThat(inB.afterTriage(TriageOutcome.LINKED, "case-c", null, null, MERGED.plusSeconds(1)))
                    .as("a re-triage after the merge wins")
                    .get()
                    .extracting(Lead::caseId, Lead::movedAt)
                    .containsExactly("case-c", null);
        }

        @Test
        void movesALeadWhoseTriageReportIsStillToComeAndIgnoresThatReport() {
            Lead inB =
                    received.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED).orElseThrow();
            assertThat(inB.status()).isEqualTo(LeadStatus.LINKED);
            assertThat(inB.caseId()).isEqualTo("case-b");
            assertThat(inB.afterTriage(TriageOutcome.LINKED, "case-a", "BEST-HOU-FY27-00000A", null, LATER))
                    .isEmpty();
        }

        @Test
        void leavesALeadWhoseCaseIntakeLearnedAfterTheMerge() {
            Lead inC = inA.afterTriage(TriageOutcome.LINKED, "case-c", null, null, MERGED.plusSeconds(1))
                    .orElseThrow();
            assertThat(inC.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED)).isEmpty();
            Lead inD = inA.movedTo("case-d", null, MERGED.plusSeconds(5)).orElseThrow();
            assertThat(inD.movedTo("case-b", "BEST-HOU-FY27-00000B", MERGED))
                    .as("a later merge that moved the lead on, heard first")
                    .isEmpty();
        }
    }
}
