package taskforce.notification.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventType;
import taskforce.contracts.EventTypes;
import taskforce.contracts.MalformedEventException;
import taskforce.contracts.Topics;
import taskforce.contracts.cases.AssignmentRole;
import taskforce.contracts.cases.CaseAbsorbed;
import taskforce.contracts.cases.CaseAssigned;
import taskforce.contracts.cases.CaseMergeProposed;
import taskforce.contracts.cases.CaseMerged;
import taskforce.contracts.cases.CaseStatus;
import taskforce.contracts.cases.CaseStatusChanged;
import taskforce.contracts.cases.DeconflictionHitFound;
import taskforce.contracts.directory.AgencyType;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.lead.IdentifierType;

class CaseEventTest {

    private final EventCodec codec = EventCodec.instance();
    private final Instant now = Instant.parse("2026-11-20T18:30:00Z");

    @Nested
    class Assignments {

        @Test
        void concernTheAssignedMemberWithAPersonalTitle() {
            CloudEvent event = codec.wrap(
                    EventTypes.CASE_ASSIGNED,
                    "/case-service",
                    "c1",
                    now,
                    new CaseAssigned("c1", "BEST-HOU-FY27-000001", "tf1", "m1", AssignmentRole.LEAD, "coord", now));

            CaseEvent caseEvent = CaseEvent.of(event);

            assertThat(caseEvent.concernsMember()).isTrue();
            assertThat(caseEvent.memberId()).isEqualTo("m1");
            assertThat(caseEvent.personalTitle()).isEqualTo("Assigned to BEST-HOU-FY27-000001 as LEAD");
            assertThat(caseEvent.headline()).isEqualTo("Member m1 assigned to BEST-HOU-FY27-000001 as LEAD");
        }

        @Test
        void withoutAMemberAreMalformed() {
            CloudEvent event = codec.wrap(
                    EventTypes.CASE_ASSIGNED,
                    "/case-service",
                    "c1",
                    now,
                    new CaseAssigned("c1", "BEST-HOU-FY27-000001", "tf1", null, AssignmentRole.LEAD, "coord", now));

            assertThatThrownBy(() -> CaseEvent.of(event)).isInstanceOf(MalformedEventException.class);
        }
    }

    @Nested
    class Merges {

        @Test
        void tellTheCoordinatorsIntoWhichCaseACaseWasMergedAndWhy() {
            CaseEvent merged = CaseEvent.of(codec.wrap(
                    EventTypes.CASE_MERGED,
                    "/case-service",
                    "c2",
                    now,
                    new CaseMerged(
                            "c2",
                            "BEST-HOU-FY27-000002",
                            "best-houston",
                            "c1",
                            "BEST-HOU-FY27-000001",
                            "same stash house",
                            "best-coordinator-ramirez",
                            now)));

            assertThat(merged.concernsCoordinators()).isTrue();
            assertThat(merged.concernsMember()).isFalse();
            assertThat(merged.coordinatorTitle())
                    .isEqualTo("Case merged: BEST-HOU-FY27-000002 into BEST-HOU-FY27-000001, because same stash house");
        }

        @Test
        void tellTheCoordinatorsWhichTwoCasesALeadMatchedAndWhy() {
            CaseEvent proposed = CaseEvent.of(codec.wrap(
                    EventTypes.CASE_MERGE_PROPOSED,
                    "/case-service",
                    "c1",
                    now,
                    new CaseMergeProposed(
                            "c1",
                            "BEST-HOU-FY27-000001",
                            "best-houston",
                            "c2",
                            "BEST-HOU-FY27-000002",
                            "lead-3",
                            "the lead's PHONE (713) 555-0100 is on BEST-HOU-FY27-000002",
                            now)));

            assertThat(proposed.concernsCoordinators()).isTrue();
            assertThat(proposed.coordinatorTitle())
                    .isEqualTo("Merge proposed: a lead joined BEST-HOU-FY27-000001 and matches BEST-HOU-FY27-000002"
                            + " too (the lead's PHONE (713) 555-0100 is on BEST-HOU-FY27-000002); merge them if they"
                            + " are one case");
        }

        @Test
        void tellTheSurvivorsAssigneesWhichCaseItTookIn() {
            CaseEvent absorbed = CaseEvent.of(codec.wrap(
                    EventTypes.CASE_ABSORBED,
                    "/case-service",
                    "c1",
                    now,
                    new CaseAbsorbed(
                            "c1",
                            "BEST-HOU-FY27-000001",
                            "best-houston",
                            "c2",
                            "BEST-HOU-FY27-000002",
                            "same stash house",
                            "best-coordinator-ramirez",
                            now,
                            List.of("lead-2"),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of())));

            assertThat(absorbed.concernsAssignees()).isTrue();
            assertThat(absorbed.concernsCoordinators()).isFalse();
            assertThat(absorbed.assigneeTitle())
                    .isEqualTo("Your case BEST-HOU-FY27-000001 took in case BEST-HOU-FY27-000002");
        }
    }

    @Nested
    class DeconflictionHits {

        private CaseEvent hitOn(IdentifierType matched) {
            return CaseEvent.of(codec.wrap(
                    EventTypes.CASE_DECONFLICTION_HIT,
                    "/case-service",
                    "c1",
                    now,
                    new DeconflictionHitFound(
                            "hit-1",
                            "c1",
                            "BEST-HOU-FY27-000001",
                            "best-houston",
                            "GANG-LOS-FY27-000007",
                            "gang-los-angeles",
                            "gang-coordinator-okafor",
                            matched,
                            now)));
        }

        @Test
        void nameTheKindOfIdentifierShared() {
            assertThat(hitOn(IdentifierType.VEHICLE_PLATE).coordinatorTitle())
                    .isEqualTo("Deconfliction: BEST-HOU-FY27-000001 shares a vehicle plate with GANG-LOS-FY27-000007"
                            + " of gang-los-angeles; contact gang-coordinator-okafor");
        }

        @Test
        void sayThatAPersonIsSharedWhenNameAndDateOfBirthMatched() {
            assertThat(hitOn(IdentifierType.PERSON).coordinatorTitle())
                    .startsWith("Deconfliction: BEST-HOU-FY27-000001 shares a person with GANG-LOS-FY27-000007");
        }
    }

    @Nested
    class EveryCaseEventType {

        /** A case event type added to the contracts fails here until notifications know how to describe it. */
        @Test
        void isUnderstood() throws Exception {
            List<EventType<?>> caseTypes = EventTypes.ALL.stream()
                    .filter(type -> type.topic().equals(Topics.CASES))
                    .toList();
            assertThat(caseTypes).hasSize(19);
            for (EventType<?> type : caseTypes) {
                CaseEvent caseEvent = CaseEvent.of(sample(type));

                assertThat(caseEvent.caseId()).as(type.name()).isEqualTo("caseId-1");
                assertThat(caseEvent.caseNumber()).as(type.name()).isEqualTo("caseNumber-1");
                assertThat(caseEvent.taskForceId()).as(type.name()).isEqualTo("taskForceId-1");
                assertThat(caseEvent.headline()).as(type.name()).contains("caseNumber-1");
            }
        }

        private <T> CloudEvent sample(EventType<T> type) throws Exception {
            RecordComponent[] components = type.payloadType().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = sampleValue(components[i]);
            }
            T payload = type.payloadType().getDeclaredConstructor(types).newInstance(values);
            return codec.wrap(type, "/case-service", "caseId-1", now, payload);
        }

        private Object sampleValue(RecordComponent component) {
            Class<?> type = component.getType();
            if (type == String.class) {
                return component.getName() + "-1";
            } else if (type == Instant.class) {
                return now;
            } else if (type.isEnum()) {
                return type.getEnumConstants()[0];
            } else if (type == Integer.class || type == int.class) {
                return 1;
            } else if (type == List.class) {
                return List.of();
            }
            return null;
        }
    }

    @Nested
    class OtherCaseEvents {

        @Test
        void carryTheirCaseTaskForceAndAHeadline() {
            CloudEvent event = codec.wrap(
                    EventTypes.CASE_STATUS_CHANGED,
                    "/case-service",
                    "c1",
                    now,
                    new CaseStatusChanged(
                            "c1",
                            "BEST-HOU-FY27-000001",
                            "tf1",
                            CaseStatus.ACTIVE,
                            CaseStatus.SUSPENDED,
                            "r",
                            "coord",
                            now));

            CaseEvent caseEvent = CaseEvent.of(event);

            assertThat(caseEvent.concernsMember()).isFalse();
            assertThat(caseEvent.caseId()).isEqualTo("c1");
            assertThat(caseEvent.taskForceId()).isEqualTo("tf1");
            assertThat(caseEvent.headline()).isEqualTo("BEST-HOU-FY27-000001 moved from ACTIVE to SUSPENDED");
        }

        @Test
        void withoutTheirTaskForceAreMalformed() {
            CloudEvent event = codec.wrap(
                    EventTypes.CASE_STATUS_CHANGED,
                    "/case-service",
                    "c1",
                    now,
                    new CaseStatusChanged(
                            "c1",
                            "BEST-HOU-FY27-000001",
                            null,
                            CaseStatus.ACTIVE,
                            CaseStatus.CLOSED,
                            "r",
                            "coord",
                            now));

            assertThatThrownBy(() -> CaseEvent.of(event)).isInstanceOf(MalformedEventException.class);
        }

        @Test
        void areTheOnlyEventsAccepted() {
            CloudEvent event = codec.wrap(
                    EventTypes.AGENCY_UPSERTED,
                    "/case-service",
                    "a1",
                    now,
                    new AgencyUpserted("a1", "Houston PD", AgencyType.LOCAL, "TX"));

            assertThatThrownBy(() -> CaseEvent.of(event)).isInstanceOf(MalformedEventException.class);
        }
    }
}
