package taskforce.intake.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.directory.AgreementStatus;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberRole;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.infra.TestStore;

/**
 * Intake's directory read model against the MongoDB wire-protocol store, fed the events as the listener receives
 * them, in the orders a redelivery produces (an entity's old event relayed again after its newer one).
 */
class DirectoryReadModelTest {

    private static final EventCodec CODEC = EventCodec.instance();

    private final TestStore store = TestStore.connect();
    private final MongoTemplate mongo = store.fresh("intake-directory-" + UUID.randomUUID());
    private final Directory directory = new Directory(mongo);
    private final DirectoryListener listener = new DirectoryListener(directory);

    @AfterEach
    void close() {
        store.close();
    }

    private void receive(MemberUpserted member) {
        listener.on(CODEC.wrap(
                EventTypes.MEMBER_UPSERTED,
                "/case-service",
                member.id(),
                Instant.parse("2026-03-01T12:00:00Z"),
                member));
    }

    private void receive(AgreementUpserted agreement) {
        listener.on(CODEC.wrap(
                EventTypes.AGREEMENT_UPSERTED,
                "/case-service",
                agreement.id(),
                Instant.parse("2026-03-01T12:00:00Z"),
                agreement));
    }

    private static MemberUpserted member(String agencyId, Long version) {
        return new MemberUpserted(
                "hpd-officer-garza",
                "Rosa Garza",
                agencyId,
                "rosa.garza@hpd.example.gov",
                List.of("best-houston"),
                MemberRole.MEMBER,
                version);
    }

    private static AgreementUpserted agreement(String taskForceId, AgreementStatus status, Long version) {
        return new AgreementUpserted("moa-houston-pd", "houston-pd", taskForceId, status, null, null, version);
    }

    @Nested
    class AnOlderEventReceivedAgain {

        @Test
        void doesNotUndoAMembersMoveToAnotherAgency() {
            receive(member("houston-pd", 1L));
            receive(member("dallas-pd", 2L));

            receive(member("houston-pd", 1L));

            assertThat(directory.member("hpd-officer-garza").orElseThrow().agencyId())
                    .isEqualTo("dallas-pd");
        }

        @Test
        void doesNotPutASuspendedAgreementBackInForce() {
            receive(agreement("best-houston", AgreementStatus.ACTIVE, 1L));
            receive(agreement("best-houston", AgreementStatus.SUSPENDED, 2L));

            receive(agreement("best-houston", AgreementStatus.ACTIVE, 1L));

            assertThat(directory.agreements("houston-pd", "best-houston"))
                    .extracting(AgreementUpserted::status)
                    .containsExactly(AgreementStatus.SUSPENDED);
        }

        @Test
        void doesNotFileAnAgreementBackUnderTheTaskForceItLeft() {
            receive(agreement("best-houston", AgreementStatus.ACTIVE, 1L));
            receive(agreement("gang-los-angeles", AgreementStatus.ACTIVE, 2L));

            receive(agreement("best-houston", AgreementStatus.ACTIVE, 1L));

            assertThat(directory.agreements("houston-pd", "best-houston")).isEmpty();
            assertThat(directory.agreements("houston-pd", "gang-los-angeles")).hasSize(1);
        }

        @Test
        void withoutAVersionDoesNotOverwriteAVersionedEntry() {
            receive(member("dallas-pd", 2L));

            receive(member("houston-pd", null));

            assertThat(directory.member("hpd-officer-garza").orElseThrow().agencyId())
                    .isEqualTo("dallas-pd");
        }
    }

    @Nested
    class TheSameOrANewerEvent {

        @Test
        void appliesANewerVersionAndTheSameOneAgain() {
            receive(agreement("best-houston", AgreementStatus.SUSPENDED, 1L));
            receive(agreement("best-houston", AgreementStatus.ACTIVE, 2L));
            receive(agreement("best-houston", AgreementStatus.ACTIVE, 2L));

            assertThat(directory.agreements("houston-pd", "best-houston"))
                    .extracting(AgreementUpserted::status)
                    .containsExactly(AgreementStatus.ACTIVE);
        }

        @Test
        void appliesEventsWithoutVersionsInTheOrderTheyArriveAsBefore() {
            receive(member("houston-pd", null));

            receive(member("dallas-pd", null));

            assertThat(directory.member("hpd-officer-garza").orElseThrow().agencyId())
                    .isEqualTo("dallas-pd");
        }
    }
}
