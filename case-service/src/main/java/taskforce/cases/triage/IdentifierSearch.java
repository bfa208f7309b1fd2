package taskforce.cases.triage;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.cases.casefile.CaseIdentifier;
import taskforce.cases.casefile.CaseSearchIndex;
import taskforce.contracts.lead.IdentifierType;
import taskforce.platform.mongo.BucketedIndex;

/**
 * A search finds a case by any identifier it carries, written as the reader has it: what the reader typed is
 * normalised as each kind of identifier would be ({@link IdentifierNormalizer}, the very rule triage files them
 * by), and every resulting key of the identifier index is read by {@code _id} at once. A search does not say which
 * kind it is; a text that is no phone simply finds no phone key.
 */
@Component
public class IdentifierSearch implements CaseSearchIndex {

    /** What a lead may carry; {@code PERSON} names a kind of hit, never an identifier filed. */
    private static final Set<IdentifierType> FILED = EnumSet.complementOf(EnumSet.of(IdentifierType.PERSON));

    private final BucketedIndex identifierIndex;
    private final IdentifierNormalizer normalizer = new IdentifierNormalizer();

    public IdentifierSearch(MongoTemplate mongo) {
        this.identifierIndex = new BucketedIndex(mongo, CaseTriage.IDENTIFIER_INDEX, "caseIds");
    }

    @Override
    public Set<String> caseIdsFor(String q, Set<String> taskForceIds) {
        Set<String> keys = new LinkedHashSet<>();
        for (IdentifierType type : FILED) {
            String normalized = normalizer.normalize(type, q);
            if (normalized.isBlank()) {
                continue;
            }
            for (String taskForceId : taskForceIds) {
                keys.add(CaseTriage.indexKey(taskForceId, new CaseIdentifier(type, q, normalized)));
            }
        }
        return identifierIndex.readAll(keys, String.class);
    }
}
