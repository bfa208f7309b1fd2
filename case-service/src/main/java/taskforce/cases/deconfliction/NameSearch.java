package taskforce.cases.deconfliction;

import com.mongodb.client.model.Filters;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import taskforce.cases.casefile.CaseSearchIndex;

/**
 * A search finds a case by a subject's name spelled otherwise ({@code Peres}, {@code Nguyễn} for {@code Perez},
 * {@code Nguyen}), through the person index: every subject of two or more words with a date of birth is filed
 * there under the phonetic key of each word of the name with the year of birth ({@code PRS|1988}), so the entries
 * of one word, whatever the year, are one range of {@code _id}s beginning with its key — a walk of the {@code _id}
 * index, not of the cases. Each word the reader typed must agree with a word of the subject's name or an alias
 * (the same once folded, or the same phonetic key). Subjects without a date of birth are not filed there; the
 * list still finds them by their name as written.
 */
@Component
public class NameSearch implements CaseSearchIndex {

    /** A name search that finds more cases than this is too broad to page through: the first ones found stand. */
    static final int MOST_CASES = 1000;

    private static final Pattern NAME_LIKE = Pattern.compile("[\\p{L}\\p{M}\\s'’.,-]+");

    private final MongoTemplate mongo;
    private final PersonMatcher matcher = new PersonMatcher();

    public NameSearch(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Set<String> caseIdsFor(String q, Set<String> taskForceIds) {
        Set<String> caseIds = new LinkedHashSet<>();
        List<String> asked = PersonMatcher.words(q);
        if (asked.isEmpty() || taskForceIds.isEmpty() || !NAME_LIKE.matcher(q).matches()) {
            return caseIds;
        }
        // the longest word is likely the rarest, so its range is the shortest to walk
        String key = matcher.wordKey(
                asked.stream().max(Comparator.comparingInt(String::length)).orElseThrow());
        for (Document entry : mongo.getCollection(PersonIndex.COLLECTION)
                .find(Filters.and(Filters.gte("_id", key + "|"), Filters.lt("_id", key + "}")))) {
            for (Document filed : entry.getList("subjects", Document.class, List.of())) {
                if (taskForceIds.contains(filed.getString("taskForceId")) && named(filed, asked)) {
                    caseIds.add(filed.getString("caseId"));
                    if (caseIds.size() == MOST_CASES) {
                        return caseIds;
                    }
                }
            }
        }
        return caseIds;
    }

    private boolean named(Document filed, List<String> asked) {
        Set<String> words = new LinkedHashSet<>(PersonMatcher.words(filed.getString("name")));
        filed.getList("aliases", String.class, List.of()).forEach(alias -> words.addAll(PersonMatcher.words(alias)));
        return asked.stream()
                .allMatch(word -> words.stream()
                        .anyMatch(filedWord -> filedWord.equals(word)
                                || matcher.wordKey(filedWord).equals(matcher.wordKey(word))));
    }
}
