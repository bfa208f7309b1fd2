package taskforce.platform.audit;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.descending;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import taskforce.platform.refusal.InvalidField;
import taskforce.platform.security.Caller;
import taskforce.platform.security.Role;
import taskforce.platform.web.Paging;

/**
 * Lets a system administrator ask the owning service "who touched this object" ({@code objectId}, optionally
 * {@code action=case.read} for who viewed it) and "what did this user do" ({@code actorId}), newest first, a
 * page at a time ({@code page} from 0, {@code size} 1 to {@value #MAX_PAGE_SIZE}).
 */
@RestController
public class AuditController {

    private static final int MAX_PAGE_SIZE = 200;

    private final MongoTemplate mongo;

    public AuditController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping("/api/audit")
    public Map<String, Object> search(
            Caller caller,
            @RequestParam(required = false) String objectId,
            @RequestParam(required = false) String objectType,
            @RequestParam(required = false) String actorId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String outcome,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        caller.require(Role.ADMIN);
        if (objectId == null && actorId == null) {
            throw new InvalidField("objectId", "name an objectId or an actorId to search the audit trail");
        }
        Paging paging = Paging.of(page, size, MAX_PAGE_SIZE);
        List<Bson> filters = new ArrayList<>();
        // query parameters are bound as strings, so none of them can become a query operator
        addEq(filters, "objectId", objectId);
        addEq(filters, "objectType", objectType);
        addEq(filters, "actorId", actorId);
        addEq(filters, "action", action);
        addEq(filters, "outcome", outcome);
        if (from != null) {
            filters.add(gte("occurredAt", Date.from(from)));
        }
        if (to != null) {
            filters.add(lt("occurredAt", Date.from(to)));
        }
        Bson filter = and(filters);
        var collection = mongo.getCollection(AuditTrail.COLLECTION);
        // the newest records may still wait for the audit lane; that collection holds only those, so it is small
        List<Document> pending = new ArrayList<>();
        mongo.getCollection(AuditTrail.PENDING).find(filter).forEach(pending::add);
        if (!pending.isEmpty()) {
            Set<Object> copied = new HashSet<>();
            collection
                    .find(in("_id", pending.stream().map(doc -> doc.get("_id")).toList()))
                    .projection(include("_id"))
                    .forEach(doc -> copied.add(doc.get("_id")));
            pending.removeIf(doc -> copied.contains(doc.get("_id")));
            pending.sort(Comparator.comparing((Document doc) -> doc.getDate("occurredAt"))
                    .reversed());
        }
        long offset = paging.offset();
        List<Map<String, Object>> content = new ArrayList<>();
        pending.stream().skip(offset).limit(paging.size()).forEach(document -> content.add(view(document)));
        if (content.size() < paging.size()) {
            // the lane may copy a record after it was read as pending: listed once, as pending
            Set<Object> listedAsPending = new HashSet<>();
            pending.forEach(doc -> listedAsPending.add(doc.get("_id")));
            collection
                    .find(filter)
                    .sort(descending("occurredAt"))
                    .skip((int) Math.max(0, offset - pending.size()))
                    .limit(paging.size() - content.size())
                    .forEach(document -> {
                        if (!listedAsPending.contains(document.get("_id"))) {
                            content.add(view(document));
                        }
                    });
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("content", content);
        answer.put("page", page);
        answer.put("size", size);
        answer.put("totalElements", collection.countDocuments(filter) + pending.size());
        return answer;
    }

    private static void addEq(List<Bson> filters, String field, String value) {
        if (value != null && !value.isBlank()) {
            filters.add(eq(field, value));
        }
    }

    private static Map<String, Object> view(Document document) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("auditId", document.get("_id"));
        for (String field : List.of(
                "service",
                "actorId",
                "subject",
                "agencyId",
                "roles",
                "action",
                "objectType",
                "objectId",
                "outcome",
                "reason",
                "remoteAddress")) {
            view.put(field, document.get(field));
        }
        view.put("occurredAt", document.getDate("occurredAt").toInstant());
        return view;
    }
}
