package taskforce.cases.deconfliction;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import taskforce.cases.deconfliction.PersonMatcher.Match;
import taskforce.cases.deconfliction.PersonMatcher.Person;
import taskforce.contracts.lead.Subject;

/**
 * The people of every case, across every task force, found by key and never by a scan: {@code _id} is a blocking
 * key of {@link PersonMatcher#blockingKeys} (a phonetic key of one word of a name with the year of birth, or with
 * the month and day), and the document lists the subjects filed under it with their case. Lookup reads the lead's
 * keys by {@code _id} and lets {@link PersonMatcher} judge the few candidates found there. A second collection
 * counts the dates of birth each name was filed with, so that a common name (John Smith, born on many days) is
 * matched on the very same date only.
 */
@Component
public class PersonIndex {

    public static final String COLLECTION = "person_index";
    /** {@code _id} = {@link PersonMatcher#nameKey} → the dates of birth the name was filed with. */
    public static final String NAMESAKES = "person_namesakes";

    /** A name filed with this many other dates of birth is common: only the very same date matches it. */
    static final int COMMON_AT = 2;

    /** A case whose subject is the same person as one of the lead's, and why. */
    public record Candidate(String caseId, String taskForceId, Match match) {}

    private final MongoTemplate mongo;
    private final PersonMatcher matcher = new PersonMatcher();

    public PersonIndex(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Every case that names one of these subjects, best explained first: one candidate per case and subject of
     * the lead, with the plainest explanation of the match.
     */
    public List<Candidate> casesNaming(List<Subject> subjects) {
        Map<String, Candidate> best = new LinkedHashMap<>();
        List<Subject> usable = usable(subjects);
        for (int s = 0; s < usable.size(); s++) {
            Subject subject = usable.get(s);
            Person person = Person.of(subject);
            Set<String> common = commonNames(person);
            for (String key : matcher.blockingKeys(person)) {
                Document entry = mongo.getCollection(COLLECTION)
                        .find(new Document("_id", key))
                        .first();
                if (entry == null) {
                    continue;
                }
                for (Document filed : entry.getList("subjects", Document.class, List.of())) {
                    String caseId = filed.getString("caseId");
                    Optional<Match> match = matcher.match(person, filedPerson(filed), common);
                    if (match.isPresent()) {
                        Candidate candidate = new Candidate(caseId, filed.getString("taskForceId"), match.get());
                        best.merge(caseId + "|" + s, candidate, PersonIndex::plainer);
                    }
                }
            }
        }
        List<Candidate> found = new ArrayList<>(best.values());
        found.sort(
                Comparator.comparingInt((Candidate c) -> c.match().agreements().size())
                        .thenComparing(Candidate::caseId));
        return found;
    }

    /** Files the subjects that can be matched (a date of birth and a name of two words) under the case. */
    public void add(String caseId, String taskForceId, List<Subject> subjects) {
        for (Subject subject : usable(subjects)) {
            Person person = Person.of(subject);
            Set<String> keys = matcher.blockingKeys(person);
            if (keys.isEmpty()) {
                continue;
            }
            Document filed = new Document("caseId", caseId)
                    .append("taskForceId", taskForceId)
                    .append("name", person.name())
                    .append("aliases", person.aliases())
                    .append("dateOfBirth", person.dateOfBirth().toString());
            for (String key : keys) {
                mongo.upsert(query(where("_id").is(key)), new Update().addToSet("subjects", filed), COLLECTION);
            }
            for (String name : person.names()) {
                matcher.nameKey(name)
                        .ifPresent(nameKey -> mongo.upsert(
                                query(where("_id").is(nameKey)),
                                new Update()
                                        .addToSet("dates", person.dateOfBirth().toString()),
                                NAMESAKES));
            }
        }
    }

    /** The person's names that the index has seen with at least {@link #COMMON_AT} other dates of birth. */
    private Set<String> commonNames(Person person) {
        Set<String> common = new java.util.HashSet<>();
        for (String name : person.names()) {
            Optional<String> nameKey = matcher.nameKey(name);
            if (nameKey.isEmpty()) {
                continue;
            }
            Document seen = mongo.getCollection(NAMESAKES)
                    .find(new Document("_id", nameKey.get()))
                    .first();
            if (seen == null) {
                continue;
            }
            long others = seen.getList("dates", String.class, List.of()).stream()
                    .filter(date -> !date.equals(person.dateOfBirth().toString()))
                    .count();
            if (others >= COMMON_AT) {
                common.add(name);
            }
        }
        return common;
    }

    private static List<Subject> usable(List<Subject> subjects) {
        if (subjects == null) {
            return List.of();
        }
        return subjects.stream()
                .filter(s -> s != null && s.name() != null && s.dateOfBirth() != null)
                .toList();
    }

    private static Person filedPerson(Document filed) {
        return new Person(
                filed.getString("name"),
                filed.getList("aliases", String.class, List.of()),
                LocalDate.parse(filed.getString("dateOfBirth")));
    }

    private static Candidate plainer(Candidate a, Candidate b) {
        return b.match().agreements().size() < a.match().agreements().size() ? b : a;
    }
}
