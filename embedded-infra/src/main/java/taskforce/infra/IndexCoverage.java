package taskforce.infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Finds, among the commands a {@link CommandRecorder} saw, every filter or sort that neither {@code _id} nor an index
 * the services declared (their {@code createIndexes} commands, recorded with the rest) can answer: on MongoDB such a
 * command is a collection scan, whose cost grows with the data rather than with the answer.
 *
 * <p>A filter is covered when it constrains {@code _id} or the first key of a declared index by equality, {@code $in}
 * or a range (each branch of an {@code $or} on its own); a sort when the filter names its documents by {@code _id}, or
 * when some index holds the sort's keys in order right after keys the filter fixes. The in-process store is stricter
 * still (it answers from an index only an exact match on a unique index's keys), which is why hot paths go by {@code
 * _id}; this check holds the services to what real MongoDB needs, and {@link DeliberateScans} names the few scans
 * kept on purpose.
 */
public final class IndexCoverage {

    /** One command the store answers by scanning; {@code shape} is its filter and sort with the values left out. */
    public record Scan(String database, String collection, String command, String shape) {
        public String key() {
            return database + "." + collection + " " + command + " " + shape;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    private static final Set<String> RANGE = Set.of("$eq", "$in", "$gt", "$gte", "$lt", "$lte", "$all", "$elemMatch");

    private IndexCoverage() {}

    /** The distinct scans among {@code sent}, each once, with how often it was sent, most frequent first. */
    public static Map<Scan, Integer> scans(List<CommandRecorder.Sent> sent) {
        Map<String, List<List<String>>> indexes = declaredIndexes(sent);
        Map<Scan, Integer> found = new LinkedHashMap<>();
        for (CommandRecorder.Sent command : sent) {
            if (command.document() == null || command.command().equals("createIndexes")) {
                continue;
            }
            List<List<String>> declared =
                    indexes.getOrDefault(command.database() + "." + command.collection(), List.of());
            for (Query query : queries(command)) {
                if (!covered(query, declared) && !boundedByLimit(command, query)) {
                    found.merge(
                            new Scan(command.database(), command.collection(), command.command(), query.shape()),
                            1,
                            Integer::sum);
                }
            }
        }
        List<Map.Entry<Scan, Integer>> ordered = new ArrayList<>(found.entrySet());
        ordered.sort(Map.Entry.<Scan, Integer>comparingByValue().reversed());
        Map<Scan, Integer> answer = new LinkedHashMap<>();
        ordered.forEach(e -> answer.put(e.getKey(), e.getValue()));
        return answer;
    }

    /** The scans no entry of {@link DeliberateScans} explains, as lines a failing test can print. */
    public static List<String> unexplained(List<CommandRecorder.Sent> sent) {
        List<String> lines = new ArrayList<>();
        scans(sent).forEach((scan, times) -> {
            if (!DeliberateScans.explains(scan)) {
                lines.add(scan.key() + " (sent " + times + " times)");
            }
        });
        return lines;
    }

    /**
     * The scans no entry of {@link DeliberateScans} explains, judged against the indexes {@code store}'s database holds
     * as well as those declared in {@code sent}: for a recording begun after the services declared their indexes at
     * start-up.
     */
    public static List<String> unexplained(MongoTemplate store, List<CommandRecorder.Sent> sent) {
        List<CommandRecorder.Sent> withIndexes = new ArrayList<>(CommandRecorder.declaredIndexes(
                store.getDb().getName(),
                sent,
                collection -> store.getCollection(collection).listIndexes()));
        withIndexes.addAll(sent);
        return unexplained(withIndexes);
    }

    /**
     * The commands less those whose scan is forgiven here (bounded by a limit, or a {@link DeliberateScans} entry):
     * what a real MongoDB's planner is asked to answer with an index.
     */
    public static List<CommandRecorder.Sent> withoutForgivenScans(List<CommandRecorder.Sent> sent) {
        return sent.stream()
                .filter(command -> command.document() == null
                        || command.command().equals("createIndexes")
                        || queries(command).stream()
                                .noneMatch(query -> boundedByLimit(command, query)
                                        || DeliberateScans.explains(new Scan(
                                                command.database(),
                                                command.collection(),
                                                command.command(),
                                                query.shape()))))
                .toList();
    }

    /** Per {@code database.collection}, the key lists of every index declared, {@code _id} first. */
    static Map<String, List<List<String>>> declaredIndexes(List<CommandRecorder.Sent> sent) {
        Map<String, List<List<String>>> indexes = new HashMap<>();
        for (CommandRecorder.Sent command : sent) {
            if (!command.command().equals("createIndexes") || command.document() == null) {
                continue;
            }
            BsonArray declared = command.document().getArray("indexes", new BsonArray());
            for (BsonValue index : declared) {
                BsonDocument key = index.asDocument().getDocument("key", new BsonDocument());
                indexes.computeIfAbsent(command.database() + "." + command.collection(), c -> new ArrayList<>())
                        .add(new ArrayList<>(key.keySet()));
            }
        }
        return indexes;
    }

    record Query(BsonDocument filter, BsonDocument sort) {
        String shape() {
            String shape = shapeOf(filter);
            return sort == null || sort.isEmpty() ? shape : shape + " sort " + sort.keySet();
        }
    }

    /** The filters and sorts one command carries (an update or delete command may carry several). */
    static List<Query> queries(CommandRecorder.Sent command) {
        BsonDocument doc = command.document();
        List<Query> queries = new ArrayList<>();
        switch (command.command()) {
            case "find" -> queries.add(new Query(doc(doc, "filter"), doc(doc, "sort")));
            case "findAndModify" -> queries.add(new Query(doc(doc, "query"), doc(doc, "sort")));
            case "count", "distinct" -> queries.add(new Query(doc(doc, "query"), null));
            case "update" ->
                doc.getArray("updates", new BsonArray())
                        .forEach(u -> queries.add(new Query(doc(u.asDocument(), "q"), null)));
            case "delete" ->
                doc.getArray("deletes", new BsonArray())
                        .forEach(d -> queries.add(new Query(doc(d.asDocument(), "q"), null)));
            case "aggregate" -> {
                BsonArray pipeline = doc.getArray("pipeline", new BsonArray());
                BsonDocument match = new BsonDocument();
                BsonDocument sort = null;
                // only leading stages can use an index: $match first, then possibly $sort
                for (BsonValue stage : pipeline) {
                    BsonDocument s = stage.asDocument();
                    if (s.containsKey("$match") && sort == null) {
                        match = s.getDocument("$match");
                    } else if (s.containsKey("$sort") && sort == null) {
                        sort = s.getDocument("$sort");
                    } else {
                        break;
                    }
                }
                queries.add(new Query(match, sort));
            }
            default -> {}
        }
        return queries;
    }

    private static BsonDocument doc(BsonDocument parent, String field) {
        BsonValue value = parent.get(field);
        return value != null && value.isDocument() ? value.asDocument() : new BsonDocument();
    }

    /**
     * An unfiltered, unsorted read with a limit stops after that many documents whatever the collection holds: a
     * check for emptiness ({@code find().first()}) or a batch taken from a collection of pending work.
     */
    static boolean boundedByLimit(CommandRecorder.Sent command, Query query) {
        BsonValue limit = command.document().get("limit");
        return command.command().equals("find")
                && query.filter().isEmpty()
                && (query.sort() == null || query.sort().isEmpty())
                && limit != null
                && limit.isNumber()
                && limit.asNumber().longValue() != 0;
    }

    static boolean covered(Query query, List<List<String>> declared) {
        List<List<String>> indexes = new ArrayList<>();
        indexes.add(List.of("_id"));
        indexes.addAll(declared);
        return filterCovered(query.filter(), indexes) && sortCovered(query, indexes);
    }

    private static boolean filterCovered(BsonDocument filter, List<List<String>> indexes) {
        if (filter.containsKey("$or")) {
            // every branch must find its documents through an index, or the whole $or scans
            for (BsonValue branch : filter.getArray("$or")) {
                BsonDocument merged = without(filter, "$or");
                merged.putAll(branch.asDocument());
                if (!filterCovered(merged, indexes)) {
                    return false;
                }
            }
            return true;
        }
        Set<String> constrained = constrainedFields(filter);
        return indexes.stream().anyMatch(index -> constrained.contains(index.get(0)));
    }

    private static boolean sortCovered(Query query, List<List<String>> indexes) {
        if (query.sort() == null || query.sort().isEmpty()) {
            return true;
        }
        if (constrainedFields(query.filter()).contains("_id")) {
            return true; // the documents named by _id: as few as the ids, sorted in memory
        }
        Set<String> fixed = equalityFields(query.filter());
        List<String> sortKeys = new ArrayList<>(query.sort().keySet());
        for (List<String> index : indexes) {
            int start = 0;
            while (start < index.size()
                    && fixed.contains(index.get(start))
                    && !index.get(start).equals(sortKeys.get(0))) {
                start++;
            }
            if (index.size() - start >= sortKeys.size()
                    && index.subList(start, start + sortKeys.size()).equals(sortKeys)) {
                return true;
            }
        }
        return false;
    }

    /** Fields a filter narrows by a value or a range, so an index on them finds the documents without a scan. */
    static Set<String> constrainedFields(BsonDocument filter) {
        Set<String> fields = new LinkedHashSet<>();
        filter.forEach((field, value) -> {
            if (field.equals("$and")) {
                value.asArray().forEach(part -> fields.addAll(constrainedFields(part.asDocument())));
            } else if (!field.startsWith("$") && narrows(value)) {
                fields.add(field);
            }
        });
        return fields;
    }

    private static Set<String> equalityFields(BsonDocument filter) {
        Set<String> fields = new LinkedHashSet<>();
        filter.forEach((field, value) -> {
            if (field.equals("$and")) {
                value.asArray().forEach(part -> fields.addAll(equalityFields(part.asDocument())));
            } else if (!field.startsWith("$")
                    && (!value.isDocument()
                            || value.asDocument().containsKey("$eq")
                            // an $in on an index's key is walked as several equal ranges, merged in sort order
                            || value.asDocument().containsKey("$in")
                            || value.asDocument().isEmpty()
                            || !value.asDocument().getFirstKey().startsWith("$"))) {
                fields.add(field);
            }
        });
        return fields;
    }

    private static boolean narrows(BsonValue value) {
        if (value.isRegularExpression()) {
            return false; // only an anchored prefix could use an index; the services' searches are not anchored
        }
        if (!value.isDocument()) {
            return true;
        }
        BsonDocument operators = value.asDocument();
        if (operators.isEmpty() || !operators.getFirstKey().startsWith("$")) {
            return true; // equality with an embedded document
        }
        return operators.keySet().stream().anyMatch(RANGE::contains);
    }

    private static BsonDocument without(BsonDocument filter, String field) {
        BsonDocument copy = new BsonDocument();
        filter.forEach((k, v) -> {
            if (!k.equals(field)) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** The filter with every value replaced by {@code ?} and operators kept: what the store has to match. */
    static String shapeOf(BsonDocument filter) {
        Map<String, String> parts = new TreeMap<>();
        filter.forEach((field, value) -> parts.put(field, shapeOfValue(value)));
        StringBuilder shape = new StringBuilder("{");
        parts.forEach((field, value) -> {
            if (shape.length() > 1) {
                shape.append(", ");
            }
            shape.append(field).append(": ").append(value);
        });
        return shape.append("}").toString();
    }

    private static String shapeOfValue(BsonValue value) {
        if (value.isDocument()) {
            BsonDocument doc = value.asDocument();
            if (!doc.isEmpty() && doc.getFirstKey().startsWith("$")) {
                return shapeOf(doc);
            }
            return "?";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (BsonValue item : value.asArray()) {
                String s = item.isDocument() ? shapeOf(item.asDocument()) : shapeOfValue(item);
                if (!items.contains(s)) {
                    items.add(s);
                }
            }
            return items.toString();
        }
        return "?";
    }
}
