package taskforce.cases.deconfliction;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import taskforce.contracts.lead.Subject;

/**
 * Decides whether two subjects are the same person: the names (or aliases) must agree, tolerant of spelling,
 * transliteration, typos and first/last order, AND the dates of birth must agree (exactly, with day and month
 * swapped, or one digit off). A name alone never matches, so two people who merely share a common name stay
 * apart, and a subject without a date of birth never matches anyone.
 *
 * <p>Names are compared word by word after folding accents and case ({@code Nguyễn} is {@code nguyen}), gluing
 * particles to the word they precede ({@code al-Rashid}, {@code Al Rashid} and {@code Alrashid} agree), and
 * reading {@code Last, First} in the usual order. Two words agree when equal, when they share a Double Metaphone
 * key and are close by Jaro-Winkler ({@code Mohammed}/{@code Muhammad}, {@code Aleksandr}/{@code Alexander}), or
 * when they are very close by Jaro-Winkler (a typo: {@code Jonh}/{@code John}). A name of one word says too little
 * and is not matched.
 *
 * <p>{@link #blockingKeys} gives the keys under which a person is indexed and looked up: the phonetic key of each
 * word of each name with the year of birth, and with the (unordered) month and day, so a one-digit typo in the
 * date still meets its twin under one of the two.
 */
public final class PersonMatcher {

    /** How the names agreed. */
    public enum NameAgreement {
        SAME_NAME("same name"),
        SPELLING("spelling or transliteration"),
        SWAPPED("first and last name swapped"),
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

    private static final double PHONETIC_CLOSENESS = 0.70;
    private static final double TYPO_CLOSENESS = 0.90;
    private static final double LOOSE_CLOSENESS = 0.84;
    private static final int SHORTEST_TYPO_WORD = 4;

    /** Words that belong to the next word of a name rather than standing alone. */
    private static final Set<String> PARTICLES = Set.of(
            "al", "el", "ul", "bin", "ibn", "abu", "abd", "abdul", "de", "del", "della", "di", "dos", "das", "von",
            "der", "den");

    /** Letters that Unicode decomposition leaves alone. */
    private static final Map<Character, String> FOLDED =
            Map.of('ß', "ss", 'ø', "o", 'đ', "d", 'ł', "l", 'æ', "ae", 'œ', "oe", 'ı', "i", 'þ', "th", 'ð', "d");

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
            if (!sameDate && commonNames.contains(name)) {
                continue;
            }
            for (String otherName : other.names()) {
                Optional<NameAgreement> names = nameAgreement(words(name), words(otherName), sameDate);
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

    /** The index keys of a person: none without a date of birth or a name of two words. */
    public Set<String> blockingKeys(Person person) {
        Set<String> keys = new LinkedHashSet<>();
        LocalDate born = person.dateOfBirth();
        if (born == null) {
            return keys;
        }
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
        return differences == 1 ? Optional.of(BirthAgreement.ONE_DIGIT) : Optional.empty();
    }

    // ---- names

    private static final int STRICT = 2;
    private static final int LOOSE = 1;

    /**
     * Names agree when the given names agree and a later word of each (the surname, or one of two surnames) does,
     * in order or swapped. With the very same date of birth, one of the two may agree only loosely
     * ({@code Sergey}/{@code Serhiy}), the other must agree fully.
     */
    private Optional<NameAgreement> nameAgreement(List<String> a, List<String> b, boolean sameDate) {
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
        boolean close = Math.min(x.length(), y.length()) >= SHORTEST_TYPO_WORD
                && x.charAt(0) == y.charAt(0)
                && jaroWinkler.apply(x, y) >= LOOSE_CLOSENESS;
        return close ? LOOSE : 0;
    }

    boolean agree(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        double closeness = jaroWinkler.apply(x, y);
        if (closeness >= TYPO_CLOSENESS && Math.min(x.length(), y.length()) >= SHORTEST_TYPO_WORD) {
            return true;
        }
        if (closeness < PHONETIC_CLOSENESS) {
            return false;
        }
        Set<String> shared = new LinkedHashSet<>(codes(x));
        shared.retainAll(codes(y));
        return !shared.isEmpty();
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

    /** The words of a name: accents and case folded, particles glued on, {@code Last, First} turned round. */
    static List<String> words(String name) {
        if (name == null) {
            return List.of();
        }
        String text = name.trim();
        int comma = text.indexOf(',');
        if (comma > 0) {
            text = text.substring(comma + 1) + " " + text.substring(0, comma);
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        StringBuilder folded = new StringBuilder();
        for (char c : decomposed.toLowerCase(Locale.ROOT).toCharArray()) {
            folded.append(FOLDED.getOrDefault(c, String.valueOf(c)));
        }
        String plain = folded.toString()
                .replaceAll("['’`ʼ]", "")
                .replaceAll("[^a-z]+", " ")
                .trim();
        List<String> words = new ArrayList<>();
        String pending = "";
        for (String word : plain.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (PARTICLES.contains(word)) {
                pending += word;
                continue;
            }
            words.add(pending + word);
            pending = "";
        }
        if (!pending.isEmpty()) {
            words.add(pending);
        }
        return words;
    }
}
