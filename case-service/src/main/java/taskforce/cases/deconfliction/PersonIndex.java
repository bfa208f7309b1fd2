package taskforce.cases.deconfliction;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import taskforce.cases.deconfliction.PersonMatcher.Namesakes;
import taskforce.cases.deconfliction.PersonMatcher.NearMiss;
import taskforce.cases.deconfliction.PersonMatcher.Person;
import taskforce.contracts.lead.Subject;
import taskforce.platform.mongo.BucketedIndex;
import taskforce.platform.mongo.DuplicateKeys;

/**
 * The people of every case, across every task force, found by key and never by a scan: {@code _id} is a blocking
 * key of {@link PersonMatcher#blockingKeys} (the date of birth, or a phonetic key of one word of a name with the
 * year of birth or with the month and day), and the document lists the subjects filed under it with their case.
 * Lookup reads the lead's keys by {@code _id} and lets {@link PersonMatcher} judge the few candidates found there.
 * A second collection counts (up to {@link #DATES_KEPT}) the dates of birth each name and each word of a name was
 * filed with, so that a common name (John Smith, born on many days) is matched on the very same date only, and a
 * common word ({@code Smith}) never stands alone for a name.
 */
@Component
public class PersonIndex {

    public static final String COLLECTION = "person_index";
    /**
     * {@code _id} = {@link PersonMatcher#nameKey}, or {@code word|} and {@link PersonMatcher#wordKey} → the dates of
     * birth the name or word was filed with.
     */
    public static final String NAMESAKES = "person_namesakes";

    /** A name filed with this many other dates of birth is common: only the very same date matches it. */
    static final int COMMON_AT = 2;

    /**
     * A word filed with this many other dates of birth is too common to stand alone for a name. Higher than for a
     * whole name: a lone word is matched only with the very same date, which twenty namesakes share by chance about
     * once in a thousand.
     */
    static final int COMMON_WORD_AT = 20;

    /** Dates of birth kept per name or word: enough to tell a common one, never a list that grows forever. */
    static final int DATES_KEPT = 8;

    static final int WORD_DATES_KEPT = COMMON_WORD_AT + 2;

    /** One subject filed under one key, as {@link #add} wrote it. */
    public record Filing(String key, Document subject) {}

    /** A case whose subject is the same person as one of the lead's, and why. */
    public record Candidate(String caseId, String taskForceId, Match match) {}

    /** A case whose subject may be the same person as one of the lead's, for a person to decide. */
    public record PossibleCandidate(String caseId, String taskForceId, NearMiss nearMiss) {}

    /** What a lookup found: the cases naming the lead's people, and those that may, for a person to decide. */
    public record Found(List<Candidate> matches, List<PossibleCandidate> possibleMatches) {}

    private final MongoTemplate mongo;
    private final BucketedIndex filings;
    private final PersonMatcher matcher = new PersonMatcher();

    public PersonIndex(MongoTemplate mongo) {
        this.mongo = mongo;
        this.filings = new BucketedIndex(mongo, COLLECTION, "subjects");
    }

    /**
     * Every case that names one of these subjects, best explained first: one candidate per case and subject of
     * the lead, with the plainest explanation of the match.
     */
    public List<Candidate> casesNaming(List<Subject> subjects) {
        return lookUp(subjects).matches();
    }

    /**
     * The cases that name one of these subjects (as {@link #casesNaming}) and those that may ({@link
     * PersonMatcher#nearMiss}), a case being listed as a possible match only when it names none of them surely.
     */
    public Found lookUp(List<Subject> subjects) {
        return lookUp(subjects, Set.of());
    }

    /**
     * As {@link #lookUp(List)}, passing over the filings a lead has just made itself: a lead files its people
     * before looking (so that of two leads filed at the same moment each finds the other), and must not be
     * judged against its own entries, which it would not have met had it looked first.
     */
    public Found lookUp(List<Subject> subjects, Set<Filing> ownFilings) {
        Map<String, Candidate> best = new LinkedHashMap<>();
        Map<String, PossibleCandidate> possible = new LinkedHashMap<>();
        List<Subject> usable = usable(subjects);
        for (int s = 0; s < usable.size(); s++) {
            Subject subject = usable.get(s);
            Person person = Person.of(subject);
            Namesakes namesakes = namesakes(person.dateOfBirth());
            Set<String> contradicted = new HashSet<>();
            for (String key : matcher.blockingKeys(person)) {
                for (Document filed : filings.read(key, Document.class)) {
                    if (ownFilings.contains(new Filing(key, filed))) {
                        continue;
                    }
                    String caseId = filed.getString("caseId");
                    String taskForceId = filed.getString("taskForceId");
                    String ofSubject = caseId + "|" + s;
                    Person filedPerson = filedPerson(filed);
                    Optional<Match> match = matcher.match(person, filedPerson, namesakes);
                    if (match.isPresent() && wholeNameMeetsLonePart(match.get())) {
                        Match partly = match.get();
                        NearMiss nearMiss = new NearMiss(
                                partly.name(), partly.otherName(), partly.dateOfBirth(), NearMiss.ONE_NAME_PART);
                        possible.putIfAbsent(ofSubject, new PossibleCandidate(caseId, taskForceId, nearMiss));
                    } else if (match.isPresent()) {
                        Candidate candidate = new Candidate(caseId, taskForceId, match.get());
                        best.merge(ofSubject, candidate, PersonIndex::plainer);
                    } else {
                        if (person.dateOfBirth().equals(filedPerson.dateOfBirth())) {
                            contradicted.add(ofSubject);
                        }
                        matcher.nearMiss(person, filedPerson)
                                .ifPresent(nearMiss -> possible.putIfAbsent(
                                        ofSubject, new PossibleCandidate(caseId, taskForceId, nearMiss)));
                    }
                }
            }
            dropAmbiguousNameParts(best, s, contradicted);
        }
        List<Candidate> found = new ArrayList<>(best.values());
        found.sort(
                Comparator.comparingInt((Candidate c) -> c.match().agreements().size())
                        .thenComparing(Candidate::caseId));
        Set<String> matchedCases = new HashSet<>();
        found.forEach(candidate -> matchedCases.add(candidate.caseId()));
        List<PossibleCandidate> maybe = possible.values().stream()
                .filter(candidate -> !matchedCases.contains(candidate.caseId()))
                .toList();
        return new Found(found, maybe);
    }

    /**
     * Files the subjects that can be matched (a date of birth and a name) under the case, and answers the filings
     * that were new (not there before), for {@link #lookUp(List, Set)} to pass over.
     */
    public Set<Filing> add(String caseId, String taskForceId, List<Subject> subjects) {
        Set<Filing> added = new HashSet<>();
        for (Subject subject : usable(subjects)) {
            Person person = Person.of(subject);
            Set<String> keys = matcher.blockingKeys(person);
            if (keys.isEmpty()) {
                continue;
            }
            Document filed = filing(caseId, taskForceId, person);
            for (String key : keys) {
                if (filings.add(key, filed)) {
                    added.add(new Filing(key, filed));
                }
            }
            for (String name : person.names()) {
                matcher.nameKey(name).ifPresent(nameKey -> countDate(nameKey, person.dateOfBirth(), DATES_KEPT));
                for (String word : PersonMatcher.words(name)) {
                    countDate(WORD + matcher.wordKey(word), person.dateOfBirth(), WORD_DATES_KEPT);
                }
            }
        }
        return added;
    }

    /**
     * Files the case's people under the task force that accepted it and takes their filings under the old one
     * away, so that a lookup finds the case with its task force of now; answers the new filings as {@link #add}.
     */
    public Set<Filing> move(String caseId, String fromTaskForceId, String toTaskForceId, List<Subject> subjects) {
        Set<Filing> added = add(caseId, toTaskForceId, subjects);
        for (Subject subject : usable(subjects)) {
            Person person = Person.of(subject);
            Document before = filing(caseId, fromTaskForceId, person);
            for (String key : matcher.blockingKeys(person)) {
                filings.remove(key, before);
            }
        }
        return added;
    }

    /**
     * Erases what the index holds of a purged case's people: its filings under every task force it was in, and
     * their dates of birth among the namesakes of their names and words (the name's entry goes when no date is
     * left). Keyed throughout, so repeating it after a crash finishes what was left.
     */
    public void forget(String caseId, Collection<String> taskForceIds, List<Subject> subjects) {
        for (Subject subject : usable(subjects)) {
            Person person = Person.of(subject);
            for (String taskForceId : taskForceIds) {
                Document filed = filing(caseId, taskForceId, person);
                for (String key : matcher.blockingKeys(person)) {
                    filings.erase(key, filed);
                }
            }
            for (String name : person.names()) {
                matcher.nameKey(name).ifPresent(nameKey -> forgetDate(nameKey, person.dateOfBirth()));
                for (String word : PersonMatcher.words(name)) {
                    forgetDate(WORD + matcher.wordKey(word), person.dateOfBirth());
                }
            }
        }
    }

    private void forgetDate(String key, LocalDate dateOfBirth) {
        mongo.getCollection(NAMESAKES)
                .updateOne(
                        new Document("_id", key), new Document("$pull", new Document("dates", dateOfBirth.toString())));
        mongo.getCollection(NAMESAKES).deleteOne(new Document("_id", key).append("dates", new Document("$size", 0)));
    }

    private static Document filing(String caseId, String taskForceId, Person person) {
        return new Document("caseId", caseId)
                .append("taskForceId", taskForceId)
                .append("name", person.name())
                .append("aliases", person.aliases())
                .append("dateOfBirth", person.dateOfBirth().toString());
    }

    private static final String WORD = "word|";

    /** Adds the date to those the name or word was seen with, unless enough are known to call it common. */
    private void countDate(String key, LocalDate dateOfBirth, int kept) {
        try {
            mongo.upsert(
                    query(where("_id").is(key).and("dates." + (kept - 1)).exists(false)),
                    new Update().addToSet("dates", dateOfBirth.toString()),
                    NAMESAKES);
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            // the list is full: the name is common whatever more dates it is seen with
        }
    }

    /**
     * What the index knows of the namesakes of a person born on that day, read by key when first asked: a name is
     * common once filed with at least {@link #COMMON_AT} other dates of birth, a word with {@link #COMMON_WORD_AT}.
     */
    private Namesakes namesakes(LocalDate dateOfBirth) {
        Map<String, Boolean> known = new HashMap<>();
        return new Namesakes() {
            @Override
            public boolean isCommonName(String name) {
                return matcher.nameKey(name)
                        .map(key -> known.computeIfAbsent(key, k -> common(k, dateOfBirth, COMMON_AT)))
                        .orElse(false);
            }

            @Override
            public boolean isCommonWord(String word) {
                return known.computeIfAbsent(WORD + matcher.wordKey(word), k -> common(k, dateOfBirth, COMMON_WORD_AT));
            }
        };
    }

    private boolean common(String key, LocalDate dateOfBirth, int commonAt) {
        Document seen =
                mongo.getCollection(NAMESAKES).find(new Document("_id", key)).first();
        if (seen == null) {
            return false;
        }
        long others = seen.getList("dates", String.class, List.of()).stream()
                .filter(date -> !date.equals(dateOfBirth.toString()))
                .count();
        return others >= commonAt;
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

    /**
     * A lone part of a name says who among the people filed under the date, not which of two: it is dropped when
     * it leads to more than one case, when the whole name found a case, or when it leads to a case that also names
     * someone born that day whom the lead's person does not match (twins: {@code underwood} with {@code eliza
     * underwood} and {@code jacob underwood}).
     */
    private static void dropAmbiguousNameParts(Map<String, Candidate> best, int subject, Set<String> contradicted) {
        List<String> byNamePart = best.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("|" + subject))
                .filter(entry -> byNamePartOnly(entry.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        boolean wholeNameFound = best.entrySet().stream()
                .anyMatch(entry -> entry.getKey().endsWith("|" + subject) && !byNamePartOnly(entry.getValue()));
        if (byNamePart.size() > 1 || wholeNameFound) {
            byNamePart.forEach(best::remove);
        } else {
            byNamePart.stream().filter(contradicted::contains).forEach(best::remove);
        }
    }

    /**
     * A case that knows the person by one part of the name only is not joined by a lead with the whole name: that
     * part cannot tell which of the people so named and born that day the case is about (a twin's record gives the
     * family name alone). The lead opens its own case, the pair is listed as a possible match for the coordinator,
     * and later records with a lone part find the whole name.
     */
    private static boolean wholeNameMeetsLonePart(Match match) {
        return match.agreements().contains(PersonMatcher.NameAgreement.ONE_NAME_PART)
                && PersonMatcher.words(match.name()).size() > 1;
    }

    private static boolean byNamePartOnly(Candidate candidate) {
        return candidate.match().agreements().contains(PersonMatcher.NameAgreement.ONE_NAME_PART);
    }

    /** The plainest explanation; a whole name before a lone part of one. */
    private static Candidate plainer(Candidate a, Candidate b) {
        if (byNamePartOnly(a) != byNamePartOnly(b)) {
            return byNamePartOnly(a) ? b : a;
        }
        return b.match().agreements().size() < a.match().agreements().size() ? b : a;
    }
}
