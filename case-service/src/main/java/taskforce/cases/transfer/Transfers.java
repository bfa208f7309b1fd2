package taskforce.cases.transfer;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.platform.mongo.BucketedIndex;

/**
 * Where to find a transfer: by its id the case it belongs to ({@code transfers}, {@code _id = transferId}), and by
 * task force the transfers either side of it ({@code transfers_of_task_force}, bucketed by {@code _id}). Both only
 * point at the case, whose history holds the transfer itself ({@link Transfer#of}); a pointer whose case never had
 * the transfer (the proposal was refused after it was filed) reads as no transfer.
 */
@Component
public class Transfers {

    public static final String COLLECTION = "transfers";
    public static final String OF_TASK_FORCE = "transfers_of_task_force";

    /** What a pointer holds: enough to decide who may see the transfer before the case is read. */
    public record Filing(String transferId, String caseId, String fromTaskForceId, String toTaskForceId) {}

    private final MongoTemplate mongo;
    private final BucketedIndex ofTaskForce;

    public Transfers(MongoTemplate mongo) {
        this.mongo = mongo;
        this.ofTaskForce = new BucketedIndex(mongo, OF_TASK_FORCE, "transferIds");
    }

    /** Files the pointer and lists it under both task forces; filing it again changes nothing. */
    public void file(Filing filing) {
        mongo.getCollection(COLLECTION)
                .replaceOne(
                        Filters.eq("_id", filing.transferId()),
                        new Document("_id", filing.transferId())
                                .append("caseId", filing.caseId())
                                .append("fromTaskForceId", filing.fromTaskForceId())
                                .append("toTaskForceId", filing.toTaskForceId()),
                        new ReplaceOptions().upsert(true));
        ofTaskForce.add(filing.fromTaskForceId(), filing.transferId());
        ofTaskForce.add(filing.toTaskForceId(), filing.transferId());
    }

    public Optional<Filing> find(String transferId) {
        Document found = mongo.getCollection(COLLECTION)
                .find(Filters.eq("_id", transferId))
                .first();
        return Optional.ofNullable(found)
                .map(doc -> new Filing(
                        doc.getString("_id"),
                        doc.getString("caseId"),
                        doc.getString("fromTaskForceId"),
                        doc.getString("toTaskForceId")));
    }

    /** Erases the pointer of a purged case's transfer and its place in both task forces' lists. */
    public void forget(String transferId) {
        find(transferId).ifPresent(filing -> {
            ofTaskForce.remove(filing.fromTaskForceId(), transferId);
            ofTaskForce.remove(filing.toTaskForceId(), transferId);
        });
        mongo.getCollection(COLLECTION).deleteOne(Filters.eq("_id", transferId));
    }

    /** The ids of the transfers to and from the task force, in the order they were filed. */
    public List<String> idsOf(String taskForceId) {
        return ofTaskForce.read(taskForceId, String.class);
    }
}
