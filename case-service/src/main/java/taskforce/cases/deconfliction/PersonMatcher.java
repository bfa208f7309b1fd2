package taskforce.cases.deconfliction;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import taskforce.cases.casefile.PersonNames;
import taskforce.contracts.lead.Subject;

/**
 * Decides whether two subjects are the same person: the names (or aliases) must agree, tolerant of spelling,
 * transliteration, typos, spacing, nicknames and first/last order, AND the dates of birth must agree (exactly, with
 * day and month swapped, two neighbouring digits transposed, or one digit off). A name alone never matches, so two
 * people who merely share a common name stay apart, and a subject without a date of birth never matches anyone.
 *
 * <p>Names are compared word by word after folding accents and case ({@code Nguyễn} is {@code nguyen}) and digits
 * into the letters they look like ({@code th0mas}), gluing particles to the word they precede ({@code al-Rashid},
 * {@code Al Rashid} and {@code Alrashid} agree), and reading {@code Last, First} in the usual order. Two words agree
 * when equal, when they share a Double Metaphone key and are close by Jaro-Winkler ({@code Mohammed}/{@code
 * Muhammad}, {@code Aleksandr}/{@code Alexander}), or when they are very close by Jaro-Winkler (a typo: {@code
 * Jonh}/{@code John}). Failing that, names agree with a nickname read as its given name, with neighbouring words
 * joined ({@code ja ck} = {@code jack}), and, with the very same date only, when a long name is two small edits
 * off or one side gives a single part of the name that is not common. {@link #nearMiss} tells the pairs a person
 * should look at: the same given name and date under another family name.
 *
 * <p>{@link #blockingKeys} gives the keys under which a person is indexed and looked up: the date of birth, and the
 * phonetic key of each word of each name with the year of birth and with the (unordered) month and day, so a
 * spoiled name still meets its twin under the date and a spoiled date under one of the others.
 */
public final class PersonMatcher {

    /** How the names agreed. */
    public enum NameAgreement {
        SAME_NAME("same name"),
        SPELLING("spelling or transliteration"),
        SWAPPED("first and last name swapped"),
        NICKNAME("nickname"),
        SPACING("spaces or hyphens differ"),
        ONE_NAME_PART("one part of the name only"),
        ALIAS("alias");

        private final String words;

        NameAgreement(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** How the dates of birth agreed. */
    public enum BirthAgreement {
        SAME_DATE("same date of birth"),
        DAY_MONTH_SWAPPED("day and month swapped"),
        DIGITS_TRANSPOSED("two digits of the date of birth transposed"),
        ONE_DIGIT("date of birth one digit off");

        private final String words;

        BirthAgreement(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A person as matching sees it: every name it goes by and its date of birth. */
    public record Person(String name, List<String> aliases, LocalDate dateOfBirth) {

        public Person {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }

        public static Person of(Subject subject) {
            return new Person(subject.name(), subject.aliases(), subject.dateOfBirth());
        }

        List<String> names() {
            List<String> all = new ArrayList<>();
            if (name != null) {
                all.add(name);
            }
            all.addAll(aliases);
            return all;
        }
    }

    /** Why two subjects are taken for the same person. */
    public record Match(String name, String otherName, LocalDate dateOfBirth, Set<Object> agreements) {

        /** For the case record of the same task force, e.g. {@code same person: A ~ B, born 1980-03-14 (...)}. */
        public String reason() {
            List<String> words = new ArrayList<>();
            for (Object agreement : agreements) {
                words.add(agreement instanceof NameAgreement n ? n.words() : ((BirthAgreement) agreement).words());
            }
            return "same person: " + name + " ~ " + otherName + ", born " + dateOfBirth + " ("
                    + String.join(", ", words) + ")";
        }
    }

    /**
     * Two people who may be one, for a person to decide: one strong signal (the same given name and the very same
     * date of birth) and one contradicting it (another family name), as after a marriage or under an alias.
     */
    public record NearMiss(String name, String otherName, LocalDate dateOfBirth, String grounds) {

        public static final String OTHER_FAMILY_NAME = "same given name and date of birth, other family name";
        public static final String ONE_NAME_PART = "one part of the name only, same date of birth";

        public String reason() {
            return "possible same person: " + name + " ~ " + otherName + ", born " + dateOfBirth + " (" + grounds + ")";
        }
    }

    /** What the index knows of how many people share a name or a word of one. */
    public interface Namesakes {

        /** A name seen with several other dates of birth: only the very same date matches it. */
        boolean isCommonName(String name);

        /** A word (folded) seen with several other dates of birth: it cannot stand alone for a name. */
        boolean isCommonWord(String word);

        static Namesakes listed(Set<String> namesOrWords) {
            return new Namesakes() {
                @Override
                public boolean isCommonName(String name) {
                    return namesOrWords.contains(name);
                }

                @Override
                public boolean isCommonWord(String word) {
                    return namesOrWords.contains(word);
                }
            };
        }
    }

    private static final double PHONETIC_CLOSENESS = 0.70;
    private static final double TYPO_CLOSENESS = 0.90;
    private static final double LOOSE_CLOSENESS = 0.84;
    private static final int SHORTEST_TYPO_WORD = 4;
    /** A word this long may be two small edits from its twin (with the very same date of birth). */
    private static final int SHORTEST_TWO_EDIT_WORD = 5;
    /** A whole name this long (letters) may be two small edits from its twin (with the very same date of birth). */
    private static final int SHORTEST_TWO_EDIT_NAME = 10;

    /** The usual English nicknames, each with the formal given names it stands for. */
    private static final Map<String, List<String>> NICKNAMES = Map.ofEntries(
            Map.entry("bill", List.of("william")),
            Map.entry("billy", List.of("william")),
            Map.entry("will", List.of("william")),
            Map.entry("willy", List.of("william")),
            Map.entry("liam", List.of("william")),
            Map.entry("bob", List.of("robert")),
            Map.entry("bobby", List.of("robert")),
            Map.entry("rob", List.of("robert")),
            Map.entry("robbie", List.of("robert")),
            Map.entry("bert", List.of("robert", "albert", "herbert")),
            Map.entry("dick", List.of("richard")),
            Map.entry("rick", List.of("richard", "frederick", "eric")),
            Map.entry("ricky", List.of("richard", "frederick")),
            Map.entry("rich", List.of("richard")),
            Map.entry("jim", List.of("james")),
            Map.entry("jimmy", List.of("james")),
            Map.entry("jamie", List.of("james")),
            Map.entry("jack", List.of("john")),
            Map.entry("johnny", List.of("john", "jonathan")),
            Map.entry("jon", List.of("jonathan", "john")),
            Map.entry("tom", List.of("thomas")),
            Map.entry("tommy", List.of("thomas")),
            Map.entry("mike", List.of("michael")),
            Map.entry("mick", List.of("michael")),
            Map.entry("mickey", List.of("michael")),
            Map.entry("ted", List.of("edward", "theodore")),
            Map.entry("ed", List.of("edward", "edwin", "edmund")),
            Map.entry("eddie", List.of("edward", "edwin")),
            Map.entry("ned", List.of("edward")),
            Map.entry("charlie", List.of("charles", "charlotte")),
            Map.entry("chuck", List.of("charles")),
            Map.entry("joe", List.of("joseph")),
            Map.entry("joey", List.of("joseph")),
            Map.entry("tony", List.of("anthony", "antonio")),
            Map.entry("chris", List.of("christopher", "christine", "christina")),
            Map.entry("dan", List.of("daniel")),
            Map.entry("danny", List.of("daniel")),
            Map.entry("matt", List.of("matthew")),
            Map.entry("nick", List.of("nicholas")),
            Map.entry("alex", List.of("alexander", "alexandra")),
            Map.entry("sandy", List.of("alexander", "alexandra", "sandra")),
            Map.entry("ben", List.of("benjamin")),
            Map.entry("sam", List.of("samuel", "samantha")),
            Map.entry("andy", List.of("andrew")),
            Map.entry("drew", List.of("andrew")),
            Map.entry("steve", List.of("stephen", "steven")),
            Map.entry("tim", List.of("timothy")),
            Map.entry("greg", List.of("gregory")),
            Map.entry("larry", List.of("lawrence")),
            Map.entry("fred", List.of("frederick")),
            Map.entry("freddie", List.of("frederick")),
            Map.entry("harry", List.of("henry", "harold", "harrison")),
            Map.entry("hank", List.of("henry")),
            Map.entry("josh", List.of("joshua")),
            Map.entry("jake", List.of("jacob")),
            Map.entry("zach", List.of("zachary")),
            Map.entry("mitch", List.of("mitchell")),
            Map.entry("lachie", List.of("lachlan")),
            Map.entry("liz", List.of("elizabeth")),
            Map.entry("lizzie", List.of("elizabeth")),
            Map.entry("beth", List.of("elizabeth")),
            Map.entry("betty", List.of("elizabeth")),
            Map.entry("eliza", List.of("elizabeth")),
            Map.entry("peggy", List.of("margaret")),
            Map.entry("maggie", List.of("margaret")),
            Map.entry("meg", List.of("margaret")),
            Map.entry("kate", List.of("katherine", "catherine", "kathleen")),
            Map.entry("katie", List.of("katherine", "catherine")),
            Map.entry("kathy", List.of("katherine", "catherine", "kathleen")),
            Map.entry("cathy", List.of("catherine")),
            Map.entry("becky", List.of("rebecca")),
            Map.entry("bec", List.of("rebecca")),
            Map.entry("jess", List.of("jessica")),
            Map.entry("jessie", List.of("jessica")),
            Map.entry("vicky", List.of("victoria")),
            Map.entry("tori", List.of("victoria")),
            Map.entry("patty", List.of("patricia")),
            Map.entry("trish", List.of("patricia")),
            Map.entry("pat", List.of("patricia", "patrick")),
            Map.entry("debbie", List.of("deborah")),
            Map.entry("deb", List.of("deborah")),
            Map.entry("abby", List.of("abigail")),
            Map.entry("bella", List.of("isabella")),
            Map.entry("izzy", List.of("isabella")),
            Map.entry("maddy", List.of("madison", "madeline")),
            Map.entry("jackie", List.of("jacqueline")),
            Map.entry("tash", List.of("natasha")),
            Map.entry("millie", List.of("amelia", "mildred")),
            Map.entry("em", List.of("emily", "emma")),
            Map.entry("liv", List.of("olivia")),
            Map.entry("jen", List.of("jennifer")),
            Map.entry("jenny", List.of("jennifer")),
            Map.entry("sue", List.of("susan")),
            Map.entry("susie", List.of("susan")),
            Map.entry("dot", List.of("dorothy")),
            Map.entry("kim", List.of("kimberly")),
            Map.entry("jazz", List.of("jasmine")),
            Map.entry("pepe", List.of("jose")),
            Map.entry("paco", List.of("francisco")),
            Map.entry("pancho", List.of("francisco")),
            Map.entry("lupe", List.of("guadalupe")),
            Map.entry("chucho", List.of("jesus")),
            Map.entry("sasha", List.of("alexander", "aleksandr", "alexandra")));

    private static final DateTimeFormatter DIGITS = DateTimeFormatter.BASIC_ISO_DATE;

    private final DoubleMetaphone metaphone = new DoubleMetaphone();
    private final JaroWinklerSimilarity jaroWinkler = new JaroWinklerSimilarity();

    /** The match between the two people, if they are the same person. */
    public Optional<Match> match(Person one, Person other) {
        return match(one, other, Set.of());
    }

    /**
     * The match between the two people, if they are the same person. A name of {@code one} listed in
     * {@code commonNames} (one the index has seen with several dates of birth) must come with the very same date:
     * among many namesakes, a date one digit off is more likely another person than a typo.
     */
    public Optional<Match> match(Person one, Person other, Set<String> commonNames) {
        return match(one, other, Namesakes.listed(commonNames));
    }

    /**
     * The match between the two people, if they are the same person. A name of {@code one} that is common must
     * come with the very same date (among many namesakes, a date one digit off is more likely another person than a
     * typo), and a name of one word matches only with the very same date and when that word is not common.
     */
    public Optional<Match> match(Person one, Person other, Namesakes namesakes) {
        if (one.dateOfBirth() == null || other.dateOfBirth() == null) {
            return Optional.empty();
        }
        Optional<BirthAgreement> born = birthAgreement(one.dateOfBirth(), other.dateOfBirth());
        if (born.isEmpty()) {
            return Optional.empty();
        }
        boolean sameDate = born.get() == BirthAgreement.SAME_DATE;
        Match best = null;
        for (String name : one.names()) {
            if (!sameDate && namesakes.isCommonName(name)) {
                continue;
            }
            for (String otherName : other.names()) {
                Optional<NameAgreement> names = nameAgreement(words(name), words(otherName), sameDate, namesakes);
                if (names.isEmpty()) {
                    continue;
                }
                Set<Object> agreements = new LinkedHashSet<>();
                boolean viaAlias = !name.equals(one.name()) || !otherName.equals(other.name());
                if (viaAlias) {
                    agreements.add(NameAgreement.ALIAS);
                }
                if (names.get() != NameAgreement.SAME_NAME || !viaAlias) {
                    agreements.add(names.get());
                }
                agreements.add(born.get());
                Match candidate = new Match(name, otherName, one.dateOfBirth(), agreements);
                if (best == null || agreements.size() < best.agreements().size()) {
                    best = candidate; // the plainest explanation
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A possible match that is not a match: the very same date of birth and given name (first word, or a nickname
     * of it), but no agreement at all between the other words of the two names, in order or swapped.
     */
    public Optional<NearMiss> nearMiss(Person one, Person other) {
        if (one.dateOfBirth() == null || !one.dateOfBirth().equals(other.dateOfBirth())) {
            return Optional.empty();
        }
        if (match(one, other).isPresent()) {
            return Optional.empty();
        }
        for (String name : one.names()) {
            List<String> a = words(name);
            for (String otherName : other.names()) {
                List<String> b = words(otherName);
                if (a.size() < 2 || b.size() < 2) {
                    continue;
                }
                boolean sameGiven = agree(a.get(0), b.get(0)) || nicknames(a.get(0), b.get(0));
                boolean otherFamily = true;
                for (int i = 0; i < a.size(); i++) {
                    for (int j = 0; j < b.size(); j++) {
                        if (i > 0 || j > 0) {
                            otherFamily &= level(a.get(i), b.get(j)) == 0;
                        }
                    }
                }
                if (sameGiven && otherFamily) {
                    return Optional.of(new NearMiss(name, otherName, one.dateOfBirth(), NearMiss.OTHER_FAMILY_NAME));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The key under which the dates of birth a name was seen with are counted: the phonetic keys of its words in
     * alphabetical order, so the same name spelled or ordered another way counts as one; empty for a name of one
     * word.
     */
    public Optional<String> nameKey(String name) {
        List<String> words = words(name);
        if (words.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(String.join(
                " ",
                words.stream().map(w -> codes(w).iterator().next()).sorted().toList()));
    }

    /**
     * The key under which the dates of birth a word of a name was seen with are counted: its phonetic key, so
     * {@code Smith} and {@code Smyth} count as one.
     */
    public String wordKey(String word) {
        return codes(word).iterator().next();
    }

    /**
     * The index keys of a person: none without a date of birth or a name. Several keys, so that a person is found
     * whichever part of the record was spoiled: the very date of birth (whatever became of the name), and the
     * phonetic key of each word of a name of two or more words with the year of birth and with the month and day
     * (whatever became of one digit of the date).
     */
    public Set<String> blockingKeys(Person person) {
        Set<String> keys = new LinkedHashSet<>();
        LocalDate born = person.dateOfBirth();
        if (born == null || person.names().stream().allMatch(name -> words(name).isEmpty())) {
            return keys;
        }
        keys.add("born|" + born);
        String year = Integer.toString(born.getYear());
        String monthAndDay = Math.min(born.getMonthValue(), born.getDayOfMonth()) + "-"
                + Math.max(born.getMonthValue(), born.getDayOfMonth());
        for (String name : person.names()) {
            List<String> words = words(name);
            if (words.size() < 2) {
                continue;
            }
            for (String word : words) {
                for (String code : codes(word)) {
                    keys.add(code + "|" + year);
                    keys.add(code + "|md" + monthAndDay);
                }
            }
        }
        return keys;
    }

    // ---- dates

    static Optional<BirthAgreement> birthAgreement(LocalDate a, LocalDate b) {
        if (a.equals(b)) {
            return Optional.of(BirthAgreement.SAME_DATE);
        }
        if (a.getYear() == b.getYear()
                && a.getMonthValue() == b.getDayOfMonth()
                && a.getDayOfMonth() == b.getMonthValue()) {
            return Optional.of(BirthAgreement.DAY_MONTH_SWAPPED);
        }
        String x = a.format(DIGITS);
        String y = b.format(DIGITS);
        int differences = 0;
        for (int i = 0; i < x.length(); i++) {
            if (x.charAt(i) != y.charAt(i)) {
                differences++;
            }
        }
        if (differences == 1) {
            return Optional.of(BirthAgreement.ONE_DIGIT);
        }
        for (int i = 0; differences == 2 && i + 1 < x.length(); i++) {
            if (x.charAt(i) != y.charAt(i)) {
                boolean transposed = x.charAt(i) == y.charAt(i + 1) && x.charAt(i + 1) == y.charAt(i);
                return transposed ? Optional.of(BirthAgreement.DIGITS_TRANSPOSED) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---- names

    private static final int STRICT = 2;
    private static final int LOOSE = 1;

    /**
     * Names agree when the given names agree and a later word of each (the surname, or one of two surnames) does,
     * in order or swapped. With the very same date of birth, one of the two may agree only loosely
     * ({@code Sergey}/{@code Serhiy}, or two small edits on a long word), the other must agree fully. Failing that,
     * they agree with a nickname for the given name, with the words joined or split differently ({@code ja ck} =
     * {@code jack}, {@code smith-jones} = {@code smithjones}), and with the very same date also when a long name is
     * two small edits from the other as a whole or when one side gives one part of the name only and that part is
     * not common.
     */
    private Optional<NameAgreement> nameAgreement(
            List<String> a, List<String> b, boolean sameDate, Namesakes namesakes) {
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        if (a.size() == 1 || b.size() == 1) {
            if (a.size() != b.size() && String.join("", a).equals(String.join("", b))) {
                return Optional.of(NameAgreement.SPACING); // jackmatthews
            }
            return sameDate ? onePart(a, b, namesakes) : Optional.empty();
        }
        Optional<NameAgreement> plain = wordByWord(a, b, sameDate);
        if (plain.isPresent()) {
            return plain;
        }
        if (wordByWord(formal(a), formal(b), sameDate).isPresent()) {
            return Optional.of(NameAgreement.NICKNAME);
        }
        for (List<String> x : respaced(a)) {
            for (List<String> y : respaced(b)) {
                boolean joined = x.size() == 1 && y.size() == 1;
                if (joined ? x.equals(y) : wordByWord(x, y, sameDate).isPresent()) {
                    return Optional.of(NameAgreement.SPACING);
                }
            }
        }
        if (!sameDate) {
            return Optional.empty();
        }
        String whole = String.join(" ", a);
        String otherWhole = String.join(" ", b);
        if (a.size() >= 2
                && b.size() >= 2
                && Math.min(whole.length(), otherWhole.length()) >= SHORTEST_TWO_EDIT_NAME
                && edits(whole, otherWhole) <= 2) {
            return Optional.of(NameAgreement.SPELLING);
        }
        return Optional.empty();
    }

    /** One side gives one word only: it must agree with a word of the other and be no common word. */
    private Optional<NameAgreement> onePart(List<String> a, List<String> b, Namesakes namesakes) {
        List<String> lone = a.size() == 1 ? a : b;
        List<String> other = a.size() == 1 ? b : a;
        for (String word : other) {
            if (agree(lone.get(0), word) && !namesakes.isCommonWord(lone.get(0)) && !namesakes.isCommonWord(word)) {
                return Optional.of(NameAgreement.ONE_NAME_PART);
            }
        }
        return Optional.empty();
    }

    private Optional<NameAgreement> wordByWord(List<String> a, List<String> b, boolean sameDate) {
        if (a.size() < 2 || b.size() < 2) {
            return Optional.empty();
        }
        if (a.equals(b)) {
            return Optional.of(NameAgreement.SAME_NAME);
        }
        int needed = sameDate ? STRICT + LOOSE : STRICT + STRICT;
        int inOrder = level(a.get(0), b.get(0));
        int laterInOrder = 0;
        for (int i = 1; i < a.size(); i++) {
            laterInOrder = Math.max(laterInOrder, bestLater(a.get(i), b));
        }
        if (inOrder > 0 && laterInOrder > 0 && inOrder + laterInOrder >= needed) {
            return Optional.of(NameAgreement.SPELLING);
        }
        int swappedOne = bestLater(a.get(0), b);
        int swappedOther = bestLater(b.get(0), a);
        if (swappedOne > 0 && swappedOther > 0 && swappedOne + swappedOther >= needed) {
            return Optional.of(NameAgreement.SWAPPED);
        }
        return Optional.empty();
    }

    /**
     * The words with the given name, when it is a nickname, read as the formal name it stands for (the first one
     * known); only the given name, so {@code will iams} is not {@code william s}.
     */
    private static List<String> formal(List<String> words) {
        List<String> formal = new ArrayList<>(words);
        formal.set(
                0, NICKNAMES.getOrDefault(words.get(0), List.of(words.get(0))).get(0));
        return formal;
    }

    private static boolean nicknames(String x, String y) {
        return NICKNAMES.getOrDefault(x, List.of()).contains(y)
                || NICKNAMES.getOrDefault(y, List.of()).contains(x);
    }

    /** The words with each pair of neighbours joined in turn, and all of them joined. */
    private static List<List<String>> respaced(List<String> words) {
        List<List<String>> variants = new ArrayList<>();
        variants.add(words);
        for (int i = 0; i + 1 < words.size(); i++) {
            List<String> joined = new ArrayList<>(words.subList(0, i));
            joined.add(words.get(i) + words.get(i + 1));
            joined.addAll(words.subList(i + 2, words.size()));
            variants.add(joined);
        }
        if (words.size() > 2) {
            variants.add(List.of(String.join("", words)));
        }
        return variants;
    }

    private int bestLater(String word, List<String> name) {
        int best = 0;
        for (int j = 1; j < name.size(); j++) {
            best = Math.max(best, level(word, name.get(j)));
        }
        return best;
    }

    private int level(String x, String y) {
        if (agree(x, y)) {
            return STRICT;
        }
        int shorter = Math.min(x.length(), y.length());
        boolean close = shorter >= SHORTEST_TYPO_WORD
                && (x.charAt(0) == y.charAt(0) && jaroWinkler.apply(x, y) >= LOOSE_CLOSENESS
                        || edits(x, y) <= (shorter >= SHORTEST_TWO_EDIT_WORD ? 2 : 1));
        return close ? LOOSE : 0;
    }

    boolean agree(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        double closeness = jaroWinkler.apply(x, y);
        // a typo changes a word's length by a letter or two; Jaro-Winkler alone rates a prefix (will/williams) close
        if (closeness >= TYPO_CLOSENESS
                && Math.min(x.length(), y.length()) >= SHORTEST_TYPO_WORD
                && Math.abs(x.length() - y.length()) <= 2) {
            return true;
        }
        if (closeness < PHONETIC_CLOSENESS) {
            return false;
        }
        Set<String> shared = new LinkedHashSet<>(codes(x));
        shared.retainAll(codes(y));
        return !shared.isEmpty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int edits(String x, String y) {
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }

    private Set<String> codes(String word) {
        Set<String> codes = new LinkedHashSet<>();
        String primary = metaphone.doubleMetaphone(word);
        String alternate = metaphone.doubleMetaphone(word, true);
        if (primary != null && !primary.isEmpty()) {
            codes.add(primary);
        }
        if (alternate != null && !alternate.isEmpty()) {
            codes.add(alternate);
        }
        if (codes.isEmpty()) {
            codes.add(word);
        }
        return codes;
    }

    /** The words of a name, folded as {@link PersonNames} folds them for every comparison of names. */
    static List<String> words(String name) {
        return PersonNames.words(name);
    }
}
