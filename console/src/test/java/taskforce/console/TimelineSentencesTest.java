package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.cases.CaseEventData;
import taskforce.contracts.cases.CasePurged;
import taskforce.contracts.cases.PurgeCause;

class TimelineSentencesTest {

    /** The contracts' golden samples: one per event type, which the contracts build requires for every type. */
    static final Path GOLDEN = Path.of("../contracts/src/test/resources/golden");

    static final Names NAMES = new Names(
            Map.of(
                    "best-coordinator-ramirez", "Elena Ramirez",
                    "hsi-agent-nguyen", "Tom Nguyen",
                    "hpd-officer-garza", "Maria Garza"),
            Map.of("houston-pd", "Houston Police Department", "dallas-pd", "Dallas Police Department"),
            Map.of("hstf-san-diego", "HSTF San Diego"));

    final TimelineSentences sentences = new TimelineSentences(
            NAMES,
            new TimeInWords(
                    Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC), ZoneId.of("America/Chicago")));

    @Nested
    class EveryCaseEventType {

        @Test
        void hasASentenceThatNamesNoWireType() throws IOException {
            List<EventType<?>> caseEventTypes = EventTypes.ALL.stream()
                    .filter(type -> CaseEventData.class.isAssignableFrom(type.payloadType()))
                    .toList();
            assertThat(caseEventTypes).hasSizeGreaterThanOrEqualTo(10);
            for (EventType<?> type : caseEventTypes) {
                CloudEvent sample = golden(type);
                String sentence = sentences.sentence(EventCodec.instance().caseEvent(sample));
                assertThat(sentence)
                        .as("the sentence for %s", type.name())
                        .isNotBlank()
                        .endsWith(".")
                        .doesNotContain(type.name())
                        .doesNotContain("null");
            }
        }
    }

    @Nested
    class Sentences {

        @Test
        void sayWhoAssignedWhomInWhichRole() throws IOException {
            assertThat(sentenceOf("case.assigned.v1"))
                    .isEqualTo("Elena Ramirez assigned Tom Nguyen as lead investigator.");
        }

        @Test
        void sayWhoTookAMemberOffTheCase() throws IOException {
            assertThat(sentenceOf("case.unassigned.v1")).isEqualTo("Elena Ramirez took Maria Garza off the case.");
        }

        @Test
        void sayWhoMovedTheCaseAndWhy() throws IOException {
            assertThat(sentenceOf("case.status-changed.v1"))
                    .isEqualTo("Elena Ramirez moved the case from assigned to active: “surveillance started”.");
        }

        @Test
        void sayWhatAnOutcomeAmountedTo() throws IOException {
            assertThat(sentenceOf("case.outcome-recorded.v1"))
                    .isEqualTo("Tom Nguyen recorded $48,250 by Houston Police Department.");
        }

        @Test
        void sayWhyALeadJoinedTheCase() throws IOException {
            assertThat(sentenceOf("case.lead-linked.v1"))
                    .startsWith("A lead of Dallas Police Department joined the case: the same phone +17135550100")
                    .contains("same person: Juan Perez ~ Juan Peres");
        }

        @Test
        void sayWhomToCallAboutAnOverlappingOperationAndWhenInTheReadersZone() throws IOException {
            assertThat(sentenceOf("case.operation-conflict.v1"))
                    .startsWith("A planned operation overlaps one of HSTF San Diego on ")
                    .contains("CST")
                    .contains("call ");
        }

        @Test
        void sayWhereATransferredCaseWentAndUnderWhichNumber() throws IOException {
            assertThat(sentenceOf("case.transferred.v1"))
                    .isEqualTo("The case moved from best-houston to gang-houston as GANG-HOU-FY27-000007 (formerly "
                            + "BEST-HOU-FY27-000042).");
        }

        @Test
        void sayIntoWhichCaseACaseWasMergedAndWhy() throws IOException {
            assertThat(sentenceOf("case.merged.v1"))
                    .isEqualTo("Elena Ramirez merged the case into BEST-HOU-FY27-000042, which carries on; this case is"
                            + " read only: “Same smuggling cell: both cases follow the driver of the white van.”.");
        }

        @Test
        void sayWhichCaseTheSurvivorTookInAndWhatMoved() throws IOException {
            assertThat(sentenceOf("case.absorbed.v1"))
                    .isEqualTo("Elena Ramirez merged case BEST-HOU-FY27-000051 into this one (1 lead, 1 note, 1"
                            + " outcome moved here): “Same smuggling cell: both cases follow the driver of the white"
                            + " van.”.");
        }

        @Test
        void sayWhichOtherCaseALeadMatchedAndWhy() throws IOException {
            assertThat(sentenceOf("case.merge-proposed.v1"))
                    .isEqualTo("A lead that joined this case also matches case BEST-HOU-FY27-000051 (the lead's phone"
                            + " (832) 555-0177 is on both cases); the coordinator may merge the two.");
        }

        @Test
        void sayWhoKeptTheCaseAtItsReviewWhyAndWhenTheNextIsDueInWords() throws IOException {
            assertThat(sentenceOf("case.reviewed.v1"))
                    .isEqualTo("Elena Ramirez reviewed the case and kept it: “The smuggling cell is still active: two"
                            + " new leads this year name the driver.”; its next review is due Mon 20 Oct 2036, 04:00"
                            + " CDT.");
        }

        @Test
        void sayWhenTheReviewFallsDueAndWhatFollowsIfNobodyReviews() throws IOException {
            assertThat(sentenceOf("case.review-due.v1"))
                    .isEqualTo("The case's review falls due Mon 24 Nov 2031, 03:00 CST: its coordinator keeps it or"
                            + " purges it, and unreviewed it is purged after a grace period.");
        }

        @Test
        void sayWhoPurgedTheCaseOrThatItsReviewLapsed() throws IOException {
            CasePurged decided = (CasePurged) EventCodec.instance()
                    .caseEvent(golden(EventTypes.byName("case.purged.v1").orElseThrow()));
            CasePurged lapsed = new CasePurged(
                    decided.caseId(),
                    decided.caseNumber(),
                    decided.taskForceId(),
                    decided.leadIds(),
                    PurgeCause.REVIEW_LAPSED,
                    null,
                    decided.purgedAt());

            assertThat(sentences.sentence(decided)).isEqualTo("Elena Ramirez purged the case at its review.");
            assertThat(sentences.sentence(lapsed)).isEqualTo("The case was purged: its review lapsed.");
        }

        @Test
        void fallBackToIdsForPeopleTheDirectoryDoesNotName() {
            assertThat(Names.NONE.member("someone-else")).isEqualTo("someone-else");
            assertThat(Names.NONE.member(null)).isEqualTo("someone");
        }
    }

    @Nested
    class UnreadableEntries {

        @Test
        void stillShowWithTheirType() {
            List<TimelineSentences.Line> lines = sentences.lines(List.of(
                    Map.of("type", "case.renamed.v9", "time", "2026-11-21T09:00:00Z", "id", "x", "data", Map.of())));
            assertThat(lines)
                    .singleElement()
                    .satisfies(line -> assertThat(line.sentence()).contains("case.renamed.v9"));
        }

        @Test
        void readTheServicesTimelineEntriesIntoSentences() throws IOException {
            CloudEvent sample = golden(EventTypes.CASE_ASSIGNED);
            Map<String, Object> data = EventCodec.instance().mapper().convertValue(sample.data(), Map.class);
            List<TimelineSentences.Line> lines = sentences.lines(List.of(
                    Map.of("type", sample.type(), "time", sample.time().toString(), "id", sample.id(), "data", data)));
            assertThat(lines)
                    .singleElement()
                    .satisfies(line -> assertThat(line.sentence()).startsWith("Elena Ramirez assigned"));
        }
    }

    private String sentenceOf(String type) throws IOException {
        return sentences.sentence(
                EventCodec.instance().caseEvent(golden(EventTypes.byName(type).orElseThrow())));
    }

    private static CloudEvent golden(EventType<?> type) throws IOException {
        return EventCodec.instance().read(Files.readString(GOLDEN.resolve(type.name() + ".json")));
    }
}
