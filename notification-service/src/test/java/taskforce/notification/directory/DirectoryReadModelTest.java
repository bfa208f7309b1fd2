package taskforce.notification.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
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
 * The directory read model against the MongoDB wire-protocol store, fed the events as the listener receives them,
 * in the orders a redelivery produces: after an outage the outbox may relay an entity's old event again, after its
 * newer one.
 */
class DirectoryReadModelTest {

    private static final EventCodec CODEC = EventCodec.instance();
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private final TestStore store = TestStore.connect();
    private final MongoTemplate mongo = store.fresh("directory-" + UUID.randomUUID());
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

    private static MemberUpserted member(List<String> taskForceIds, Long version) {
        return new MemberUpserted(
                "hpd-officer-garza",
                "Rosa Garza",
                "houston-pd",
                "rosa.garza@hpd.example.gov",
                taskForceIds,
                MemberRole.MEMBER,
                version);
    }

    private static AgreementUpserted agreement(AgreementStatus status, Long version) {
        return new AgreementUpserted(
                "moa-houston-pd-best-houston", "houston-pd", "best-houston", status, null, null, version);
    }

    @Nested
    class AnOlderEventReceivedAgain {

        @Test
        void doesNotBringBackARemovedMembership() {
            receive(member(List.of("best-houston", "gang-los-angeles"), 1L));
            receive(member(List.of("gang-los-angeles"), 2L));

            receive(member(List.of("best-houston", "gang-los-angeles"), 1L));

            assertThat(directory.memberIn("hpd-officer-garza", "best-houston")).isFalse();
            assertThat(directory.memberIn("hpd-officer-garza", "gang-los-angeles"))
                    .isTrue();
        }

        @Test
        void doesNotPutASuspendedAgreementBackInForce() {
            receive(agreement(AgreementStatus.ACTIVE, 4L));
            receive(agreement(AgreementStatus.SUSPENDED, 5L));

            receive(agreement(AgreementStatus.ACTIVE, 4L));

            assertThat(directory.agreementInForce("houston-pd", "best-houston", TODAY))
                    .isFalse();
        }

        @Test
        void withoutAVersionDoesNotOverwriteAVersionedEntry() {
            receive(member(List.of("gang-los-angeles"), 2L));

            receive(member(List.of("best-houston"), null));

            assertThat(directory.memberIn("hpd-officer-garza", "best-houston")).isFalse();
        }
    }

    @Nested
    class TheSameOrANewerEvent {

        @Test
        void appliesANewerVersion() {
            receive(member(List.of("best-houston"), 1L));

            receive(member(List.of("gang-los-angeles"), 2L));

            assertThat(directory.memberIn("hpd-officer-garza", "gang-los-angeles"))
                    .isTrue();
            assertThat(directory.memberIn("hpd-officer-garza", "best-houston")).isFalse();
        }

        @Test
        void writesTheSameStateAgainOnARedeliveryOfTheSameVersion() {
            receive(member(List.of("best-houston"), 3L));

            receive(member(List.of("best-houston"), 3L));

            assertThat(directory.memberIn("hpd-officer-garza", "best-houston")).isTrue();
        }

        @Test
        void appliesEventsWithoutVersionsInTheOrderTheyArriveAsBefore() {
            receive(member(List.of("best-houston"), null));

            receive(member(List.of("gang-los-angeles"), null));

            assertThat(directory.memberIn("hpd-officer-garza", "gang-los-angeles"))
                    .isTrue();
            assertThat(directory.memberIn("hpd-officer-garza", "best-houston")).isFalse();
        }
    }
}
