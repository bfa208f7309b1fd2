package taskforce.cases.casefile;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import taskforce.contracts.lead.Subject;

/**
 * How names are read wherever people are compared: the case when it merges a lead's subjects into its own, and
 * deconfliction's {@code PersonMatcher} at the strict end of its scale (the same name and the very same date).
 *
 * <p>A case merges only the same entry: the same name once folded and the same date of birth (or none on
 * either). Anything looser (a typo, a nickname, a date one digit off) is kept as a subject of its own, because
 * whether it is the same person is deconfliction's finding for a coordinator to confirm (a possible match), not a
 * fact for the case to decide by dropping what a lead said.
 */
public final class PersonNames {

    /** Look-alike digits a scanner or a hurried typist puts for letters inside a name. */
    private static final Map<Character, Character> DIGIT_LOOKALIKES =
            Map.of('0', 'o', '1', 'l', '2', 'z', '3', 'e', '4', 'a', '5', 's', '6', 'g', '7', 't', '8', 'b', '9', 'g');

    /** Words that belong to the next word of a name rather than standing alone. */
    private static final Set<String> PARTICLES = Set.of(
            "al", "el", "ul", "bin", "ibn", "abu", "abd", "abdul", "de", "del", "della", "di", "dos", "das", "von",
            "der", "den");

    /** Letters that Unicode decomposition leaves alone. */
    private static final Map<Character, String> FOLDED =
            Map.of('ß', "ss", 'ø', "o", 'đ', "d", 'ł', "l", 'æ', "ae", 'œ', "oe", 'ı', "i", 'þ', "th", 'ð', "d");

    private PersonNames() {}

    /** Whether two subjects are the same entry: the same folded name and the same date of birth. */
    public static boolean sameEntry(Subject a, Subject b) {
        List<String> one = words(a.name());
        return !one.isEmpty() && one.equals(words(b.name())) && Objects.equals(a.dateOfBirth(), b.dateOfBirth());
    }

    /**
     * The words of a name: accents and case folded, digits read as look-alike letters, hyphenated parts and
     * particles glued on, {@code Last, First} turned round.
     */
    public static List<String> words(String name) {
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
            folded.append(FOLDED.getOrDefault(c, String.valueOf(DIGIT_LOOKALIKES.getOrDefault(c, c))));
        }
        String plain = folded.toString()
                .replaceAll("['’`ʼ]", "")
                // a hyphenated name is one word (robinson-williams is not williams), written with or without it
                .replaceAll("(?<=[a-z])[-‐‑–](?=[a-z])", "")
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
