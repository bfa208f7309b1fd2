package taskforce.notification.directory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import taskforce.contracts.CloudEvent;
import taskforce.contracts.EventCodec;
import taskforce.contracts.EventTypes;
import taskforce.contracts.Topics;
import taskforce.contracts.directory.AgencyUpserted;
import taskforce.contracts.directory.AgreementUpserted;
import taskforce.contracts.directory.MemberUpserted;
import taskforce.notification.NotificationApplication;

/**
 * Keeps the directory read model. Upserts by entity id are idempotent, and one older than what the read model
 * holds is ignored (the events' {@code version}), so a redelivered event, even an old one relayed again after an
 * outage, never undoes a later change; no processed-event log is needed.
 */
@Component
class DirectoryListener {

    private final Directory directory;
    private final EventCodec codec = EventCodec.instance();

    DirectoryListener(Directory directory) {
        this.directory = directory;
    }

    @KafkaListener(topics = Topics.DIRECTORY_NAME, groupId = NotificationApplication.NAME)
    void on(CloudEvent event) {
        if (EventTypes.MEMBER_UPSERTED.name().equals(event.type())) {
            MemberUpserted member = codec.payload(event, EventTypes.MEMBER_UPSERTED);
            requireId(member.id(), event);
            directory.save(
                    new Member(
                            member.id(),
                            member.name(),
                            member.agencyId(),
                            member.email(),
                            member.taskForceIds() == null ? java.util.List.of() : member.taskForceIds(),
                            member.role() == null ? null : member.role().name()),
                    member.version());
        } else if (EventTypes.AGREEMENT_UPSERTED.name().equals(event.type())) {
            AgreementUpserted agreement = codec.payload(event, EventTypes.AGREEMENT_UPSERTED);
            requireId(agreement.id(), event);
            directory.save(
                    new Agreement(
                            agreement.id(),
                            agreement.agencyId(),
                            agreement.taskForceId(),
                            agreement.status() == null
                                    ? null
                                    : agreement.status().name(),
                            agreement.effectiveFrom(),
                            agreement.effectiveTo()),
                    agreement.version());
        } else if (EventTypes.AGENCY_UPSERTED.name().equals(event.type())) {
            AgencyUpserted agency = codec.payload(event, EventTypes.AGENCY_UPSERTED);
            requireId(agency.id(), event);
            directory.save(
                    new Agency(
                            agency.id(),
                            agency.name(),
                            agency.type() == null ? null : agency.type().name(),
                            agency.state()),
                    agency.version());
        }
    }

    private static void requireId(String id, CloudEvent event) {
        if (id == null || id.isBlank()) {
            throw new taskforce.contracts.MalformedEventException(event.type() + " " + event.id() + " has no id");
        }
    }
}
