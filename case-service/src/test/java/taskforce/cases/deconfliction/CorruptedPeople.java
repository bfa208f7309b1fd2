package taskforce.cases.deconfliction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import taskforce.contracts.EventCodec;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;
import taskforce.contracts.lead.LeadSubmitted;
import taskforce.contracts.lead.Location;
import taskforce.contracts.lead.Priority;
import taskforce.contracts.lead.Subject;
import taskforce.contracts.lead.SubjectRole;

/**
 * A second labelled data set, independent of {@link SyntheticTargets} and built the way record-linkage benchmarks
 * build theirs (FEBRL's {@code dsgen} and the GeCo corruptor): original person records drawn from name frequency
 * lists, so that common names recur among different people, and one corrupted copy of each, spoiled by exactly one
 * kind of error, named in its label ({@link Corruption}). Each record carries the person's address and document
 * number too, themselves now and then written another way, mistyped or left out, so that matching can be measured
 * on names and dates of birth alone and with identifiers. Some originals are twins (one family name and date of
 * birth, two given names): different people. The same seed gives the same data set.
 */
final class CorruptedPeople {

    /** The kinds of error the copies carry, after GeCo's attribute corruptors. */
    enum Corruption {
        KEYBOARD_TYPO("a letter substituted by a neighbouring key, inserted, left out or two swapped"),
        OCR_ERROR("characters misread as look-alikes: rn for m, 0 for o, cl for d ..."),
        PHONETIC("a spelling that sounds the same: ph/f, ck/k, ie/y, doubled letters ..."),
        SPACE_INSERTED("a space inside a word"),
        SPACE_DELETED("the space or hyphen between two words left out"),
        GIVEN_NAME_MISSING("family name only"),
        FAMILY_NAME_MISSING("given name only"),
        NAME_FIELDS_SWAPPED("family name written first"),
        NICKNAME("the given name as a nickname"),
        TWO_EDITS("two small edits in one name"),
        DATE_DIGITS_TRANSPOSED("two neighbouring digits of the date of birth swapped"),
        DATE_DIGIT_OFF("one digit of the date of birth one off"),
        FAMILY_NAME_CHANGED("another family name (marriage, alias): a possible match, never a sure one");

        private final String words;

        Corruption(String words) {
            this.words = words;
        }

        String words() {
            return words;
        }
    }

    /** One record as a lead: the person it is about and, for a copy, how it was spoiled (empty for an original). */
    record Record(String personId, Optional<Corruption> corruption, LeadSubmitted lead) {}

    private static final Instant OCCURRED = Instant.parse("2026-11-01T12:00:00Z");
    private static final DateTimeFormatter DIGITS = DateTimeFormatter.BASIC_ISO_DATE;

    /** Given names, most frequent first, each with the nicknames it is known by (FEBRL's lists hold these too). */
    private static final List<List<String>> GIVEN = List.of(
            List.of("jack"),
            List.of("james", "jim", "jimmy"),
            List.of("william", "bill", "will", "billy"),
            List.of("emily", "em"),
            List.of("thomas", "tom", "tommy"),
            List.of("olivia", "liv"),
            List.of("joshua", "josh"),
            List.of("chloe"),
            List.of("daniel", "dan", "danny"),
            List.of("jessica", "jess"),
            List.of("matthew", "matt"),
            List.of("sarah"),
            List.of("benjamin", "ben"),
            List.of("charlotte", "charlie"),
            List.of("samuel", "sam"),
            List.of("elizabeth", "liz", "beth", "lizzie"),
            List.of("michael", "mike", "mick"),
            List.of("rebecca", "becky", "bec"),
            List.of("nicholas", "nick"),
            List.of("kelsey"),
            List.of("alexander", "alex"),
            List.of("hannah"),
            List.of("robert", "bob", "rob", "bobby"),
            List.of("isabella", "bella", "izzy"),
            List.of("christopher", "chris"),
            List.of("madison", "maddy"),
            List.of("lachlan", "lachie"),
            List.of("caitlin"),
            List.of("andrew", "andy", "drew"),
            List.of("margaret", "peggy", "maggie", "meg"),
            List.of("riley"),
            List.of("katherine", "kate", "kathy", "katie"),
            List.of("jacob", "jake"),
            List.of("victoria", "vicky", "tori"),
            List.of("edward", "ted", "eddie", "ned"),
            List.of("abigail", "abby"),
            List.of("anthony", "tony"),
            List.of("jasmine", "jazz"),
            List.of("frederick", "fred", "freddie"),
            List.of("zoe"),
            List.of("timothy", "tim"),
            List.of("patricia", "patty", "trish"),
            List.of("declan"),
            List.of("deborah", "debbie", "deb"),
            List.of("gregory", "greg"),
            List.of("tahlia"),
            List.of("lawrence", "larry"),
            List.of("eliza"),
            List.of("stephen", "steve"),
            List.of("brooke"),
            List.of("zachary", "zach"),
            List.of("imogen"),
            List.of("harrison", "harry"),
            List.of("jacqueline", "jackie"),
            List.of("cooper"),
            List.of("georgia"),
            List.of("mitchell", "mitch"),
            List.of("natasha", "tash"),
            List.of("bailey"),
            List.of("amelia", "millie"));

    /** Family names, most frequent first. */
    private static final List<String> FAMILY = List.of(
            "smith",
            "jones",
            "williams",
            "brown",
            "wilson",
            "taylor",
            "johnson",
            "white",
            "martin",
            "anderson",
            "thompson",
            "nguyen",
            "thomas",
            "walker",
            "harris",
            "lee",
            "ryan",
            "robinson",
            "kelly",
            "king",
            "davis",
            "wright",
            "evans",
            "roberts",
            "green",
            "hall",
            "wood",
            "jackson",
            "clarke",
            "patel",
            "khan",
            "lewis",
            "james",
            "phillips",
            "mitchell",
            "turner",
            "campbell",
            "collins",
            "edwards",
            "stewart",
            "morris",
            "murphy",
            "cook",
            "rogers",
            "morgan",
            "cooper",
            "peterson",
            "bailey",
            "reed",
            "kennedy",
            "matthews",
            "collinson",
            "keany",
            "kett",
            "noble",
            "fitzgerald",
            "gallagher",
            "mcdonald",
            "mackenzie",
            "henderson",
            "sutherland",
            "pemberton",
            "whitfield",
            "ashworth",
            "blackwood",
            "hargreaves",
            "fairweather",
            "lockhart",
            "thornton",
            "ellwood",
            "beaumont",
            "castellano",
            "dimitriou",
            "papadopoulos",
            "kowalski",
            "novak",
            "schneider",
            "fischer",
            "weber",
            "becker",
            "hoffmann",
            "vandenberg",
            "abernethy",
            "macpherson",
            "donnelly",
            "brennan",
            "sheridan",
            "quinlan",
            "mcallister",
            "ferguson",
            "gillespie",
            "harrington",
            "lambert",
            "montgomery",
            "pritchard",
            "rutherford",
            "sinclair",
            "townsend",
            "underwood",
            "wakefield",
            "yardley",
            "zimmerman",
            "ashford",
            "bellamy",
            "cartwright",
            "dunford",
            "eastwood",
            "fenwick",
            "goldsworthy",
            "holloway",
            "ingram",
            "jefferson",
            "kingsley",
            "langford",
            "merriweather",
            "norwood",
            "ogilvie",
            "pennington",
            "radcliffe",
            "stapleton",
            "treloar",
            "vickery",
            "wetherall",
            "broadbent");

    private static final List<String> STREETS = List.of(
            "maple",
            "wattle",
            "banksia",
            "station",
            "church",
            "high",
            "victoria",
            "george",
            "king",
            "queen",
            "river",
            "hill",
            "park",
            "forest",
            "ocean",
            "bay",
            "mill",
            "bridge",
            "railway",
            "pacific",
            "lake",
            "cedar",
            "elm",
            "oak",
            "pine",
            "willow",
            "chestnut",
            "magnolia",
            "jacaranda",
            "acacia");
    private static final List<String> STREET_TYPES = List.of("street", "avenue", "road", "drive", "lane", "court");
    private static final List<String> CITIES =
            List.of("houston", "pasadena", "baytown", "sugar land", "katy", "galveston", "conroe", "pearland");

    /** Keys near each other on a QWERTY keyboard, as GeCo's keyboard corruptor uses them. */
    private static final Map<Character, String> NEIGHBOURS = Map.ofEntries(
            Map.entry('q', "wa"),
            Map.entry('w', "qeas"),
            Map.entry('e', "wrsd"),
            Map.entry('r', "etdf"),
            Map.entry('t', "ryfg"),
            Map.entry('y', "tugh"),
            Map.entry('u', "yihj"),
            Map.entry('i', "uojk"),
            Map.entry('o', "ipkl"),
            Map.entry('p', "ol"),
            Map.entry('a', "qwsz"),
            Map.entry('s', "awedxz"),
            Map.entry('d', "serfcx"),
            Map.entry('f', "drtgvc"),
            Map.entry('g', "ftyhbv"),
            Map.entry('h', "gyujnb"),
            Map.entry('j', "huikmn"),
            Map.entry('k', "jiolm"),
            Map.entry('l', "kop"),
            Map.entry('z', "asx"),
            Map.entry('x', "zsdc"),
            Map.entry('c', "xdfv"),
            Map.entry('v', "cfgb"),
            Map.entry('b', "vghn"),
            Map.entry('n', "bhjm"),
            Map.entry('m', "njk"));

    /** Look-alikes a scanner confuses, both ways (GeCo's OCR variations). */
    private static final List<String[]> OCR = List.of(
            new String[] {"m", "rn"},
            new String[] {"w", "vv"},
            new String[] {"d", "cl"},
            new String[] {"o", "0"},
            new String[] {"l", "1"},
            new String[] {"i", "1"},
            new String[] {"s", "5"},
            new String[] {"b", "8"},
            new String[] {"g", "9"},
            new String[] {"h", "b"},
            new String[] {"e", "c"},
            new String[] {"u", "v"},
            new String[] {"n", "ri"});

    /** Spellings that sound alike (a part of GeCo's phonetic variation rules). */
    private static final List<String[]> PHONETIC = List.of(
            new String[] {"ph", "f"},
            new String[] {"ck", "k"},
            new String[] {"ch", "tch"},
            new String[] {"ie", "y"},
            new String[] {"y", "ie"},
            new String[] {"ee", "ea"},
            new String[] {"ou", "ow"},
            new String[] {"sch", "sh"},
            new String[] {"th", "t"},
            new String[] {"z", "s"},
            new String[] {"s", "z"},
            new String[] {"ey", "y"},
            new String[] {"ae", "e"},
            new String[] {"ll", "l"},
            new String[] {"tt", "t"},
            new String[] {"nn", "n"},
            new String[] {"ai", "ay"},
            new String[] {"ei", "ie"},
            new String[] {"son", "sen"},
            new String[] {"man", "mann"},
            new String[] {"c", "k"},
            new String[] {"k", "c"},
            new String[] {"er", "a"},
            new String[] {"ough", "off"},
            new String[] {"ea", "ee"},
            new String[] {"w", "wh"},
            new String[] {"ine", "een"});

    private final Random random;
    private final String taskForce;
    private final boolean withIdentifiers;
    private final List<Record> records = new ArrayList<>();
    private final Set<String> usedIdentifiers = new HashSet<>();
    private int sequence;

    private CorruptedPeople(long seed, String taskForce, boolean withIdentifiers) {
        this.random = new Random(seed);
        this.taskForce = taskForce;
        this.withIdentifiers = withIdentifiers;
    }

    /**
     * The data set: {@code people} originals (one in twenty-five a pair of twins) and one corrupted copy of each,
     * shuffled, all for one task force. With {@code withIdentifiers} false the records name the person only.
     */
    static List<Record> generate(long seed, String taskForce, int people, boolean withIdentifiers) {
        CorruptedPeople generator = new CorruptedPeople(seed, taskForce, withIdentifiers);
        for (int p = 0; p < people; p++) {
            generator.person("febrl-" + p);
        }
        List<Record> shuffled = new ArrayList<>(generator.records);
        Collections.shuffle(shuffled, generator.random);
        return shuffled;
    }

    /** Writes the data set as JSON lines: {@code {"personId", "corruption", "lead": <lead.submitted data>}}. */
    static void write(List<Record> records, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder out = new StringBuilder();
        for (Record record : records) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("personId", record.personId());
            line.put("corruption", record.corruption().map(Enum::name).orElse("ORIGINAL"));
            line.put("lead", record.lead());
            out.append(EventCodec.instance().mapper().writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    // ---- originals

    private record Original(List<String> given, String family, LocalDate born, String address, String document) {

        String givenName() {
            return given.get(0);
        }
    }

    private void person(String id) {
        List<String> given = frequent(GIVEN);
        String family = frequent(FAMILY);
        if (random.nextInt(12) == 0) {
            family = family + "-" + frequent(FAMILY); // a double-barrelled family name
        }
        String second = random.nextInt(10) == 0 ? " " + frequent(GIVEN).get(0) : "";
        LocalDate born = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 65));
        Original original = new Original(given, family, born, address(), document());
        emit(id, original, second);
        if (random.nextInt(25) == 0) {
            List<String> twinGiven;
            do {
                twinGiven = frequent(GIVEN);
            } while (twinGiven.get(0).equals(given.get(0)));
            emit(id + "-twin", new Original(twinGiven, family, born, address(), document()), "");
        }
    }

    private void emit(String id, Original original, String secondGiven) {
        String name = original.givenName() + secondGiven + " " + original.family();
        records.add(
                new Record(id, Optional.empty(), lead(name, original.born(), original.address(), original.document())));
        Corruption corruption = corruption(original, secondGiven);
        String copyName = corruptName(corruption, original, secondGiven);
        LocalDate copyBorn = corruptDate(corruption, original.born());
        String copyAddress = random.nextInt(10) == 0 ? null : rewrittenAddress(original.address());
        String copyDocument = random.nextInt(8) == 0 ? null : rewrittenDocument(original.document());
        records.add(new Record(id, Optional.of(corruption), lead(copyName, copyBorn, copyAddress, copyDocument)));
    }

    /** Mostly typing and reading errors, as in the benchmarks; name changes and nicknames now and then. */
    private Corruption corruption(Original original, String secondGiven) {
        while (true) {
            Corruption[] all = Corruption.values();
            Corruption picked = random.nextInt(3) == 0
                    ? all[random.nextInt(3)] // typos, OCR and phonetic errors are the commonest
                    : all[random.nextInt(all.length)];
            if (picked == Corruption.NICKNAME && original.given().size() < 2) {
                continue;
            }
            if (picked == Corruption.FAMILY_NAME_CHANGED && random.nextBoolean()) {
                continue; // rarer than the others
            }
            return picked;
        }
    }

    private String corruptName(Corruption corruption, Original original, String secondGiven) {
        String given = original.givenName() + secondGiven;
        String family = original.family();
        return switch (corruption) {
            case KEYBOARD_TYPO ->
                random.nextBoolean() ? keyboardTypo(given) + " " + family : given + " " + keyboardTypo(family);
            case OCR_ERROR -> random.nextBoolean() ? ocr(given) + " " + family : given + " " + ocr(family);
            case PHONETIC -> random.nextBoolean() ? phonetic(given) + " " + family : given + " " + phonetic(family);
            case SPACE_INSERTED ->
                random.nextBoolean() ? insertSpace(given) + " " + family : given + " " + insertSpace(family);
            case SPACE_DELETED -> deleteSpace(given + " " + family);
            case GIVEN_NAME_MISSING -> family;
            case FAMILY_NAME_MISSING -> given;
            case NAME_FIELDS_SWAPPED -> family + " " + given;
            case NICKNAME -> pick(original.given().subList(1, original.given().size())) + secondGiven + " " + family;
            case TWO_EDITS -> twoEdits(given, family);
            case FAMILY_NAME_CHANGED -> {
                String other;
                do {
                    other = frequent(FAMILY);
                } while (family.contains(other));
                yield given + " " + other;
            }
            default -> given + " " + family;
        };
    }

    private LocalDate corruptDate(Corruption corruption, LocalDate born) {
        if (corruption != Corruption.DATE_DIGITS_TRANSPOSED && corruption != Corruption.DATE_DIGIT_OFF) {
            return born;
        }
        String digits = born.format(DIGITS);
        for (int attempt = 0; attempt < 50; attempt++) {
            char[] c = digits.toCharArray();
            if (corruption == Corruption.DATE_DIGITS_TRANSPOSED) {
                int at = 2 + random.nextInt(c.length - 3); // not the century
                if (c[at] == c[at + 1]) {
                    continue;
                }
                char t = c[at];
                c[at] = c[at + 1];
                c[at + 1] = t;
            } else {
                int at = 2 + random.nextInt(c.length - 2);
                int digit = c[at] - '0' + (random.nextBoolean() ? 1 : -1);
                if (digit < 0 || digit > 9) {
                    continue;
                }
                c[at] = (char) ('0' + digit);
            }
            try {
                LocalDate changed = LocalDate.parse(new String(c), DIGITS);
                if (!changed.equals(born) && changed.getYear() < 2010) {
                    return changed;
                }
            } catch (DateTimeException notADate) {
                // another position
            }
        }
        return born;
    }

    // ---- corruptors

    private String keyboardTypo(String word) {
        int at = random.nextInt(word.length());
        char c = word.charAt(at);
        String near = NEIGHBOURS.getOrDefault(c, "e");
        char neighbour = near.charAt(random.nextInt(near.length()));
        return switch (random.nextInt(4)) {
            case 0 -> word.substring(0, at) + neighbour + word.substring(at + 1); // substituted
            case 1 -> word.substring(0, at) + neighbour + word.substring(at); // inserted
            case 2 -> word.length() > 3 ? word.substring(0, at) + word.substring(at + 1) : word + neighbour;
            default -> {
                if (at == word.length() - 1 || word.charAt(at + 1) == ' ' || c == ' ') {
                    yield word.substring(0, at) + neighbour + word.substring(at + 1);
                }
                yield word.substring(0, at) + word.charAt(at + 1) + c + word.substring(at + 2); // swapped
            }
        };
    }

    private String ocr(String word) {
        List<String[]> applicable = new ArrayList<>();
        for (String[] pair : OCR) {
            if (word.contains(pair[0])) {
                applicable.add(pair);
            }
        }
        if (applicable.isEmpty()) {
            return keyboardTypo(word);
        }
        String[] pair = pick(applicable);
        return replaceOne(word, pair[0], pair[1]);
    }

    private String phonetic(String word) {
        List<String[]> applicable = new ArrayList<>();
        for (String[] pair : PHONETIC) {
            if (word.contains(pair[0])) {
                applicable.add(pair);
            }
        }
        if (applicable.isEmpty()) {
            return word.length() > 4
                    ? word.substring(0, word.length() - 1) + word.charAt(word.length() - 1) + "e"
                    : word + "e";
        }
        String[] pair = pick(applicable);
        return replaceOne(word, pair[0], pair[1]);
    }

    private String replaceOne(String word, String from, String to) {
        List<Integer> at = new ArrayList<>();
        for (int i = word.indexOf(from); i >= 0; i = word.indexOf(from, i + 1)) {
            at.add(i);
        }
        int i = pick(at);
        return word.substring(0, i) + to + word.substring(i + from.length());
    }

    private String insertSpace(String word) {
        int longest = 0;
        String[] parts = word.split("[ -]");
        for (String part : parts) {
            longest = Math.max(longest, part.length());
        }
        if (longest < 4) {
            return word;
        }
        while (true) {
            int at = 2 + random.nextInt(word.length() - 3);
            if (word.charAt(at) != ' '
                    && word.charAt(at - 1) != ' '
                    && word.charAt(at) != '-'
                    && word.charAt(at - 1) != '-') {
                return word.substring(0, at) + " " + word.substring(at);
            }
        }
    }

    private String deleteSpace(String name) {
        List<Integer> gaps = new ArrayList<>();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == ' ' || name.charAt(i) == '-') {
                gaps.add(i);
            }
        }
        int at = pick(gaps);
        return name.substring(0, at) + name.substring(at + 1);
    }

    private String twoEdits(String given, String family) {
        return switch (random.nextInt(3)) {
            case 0 -> keyboardTypo(keyboardTypo(given)) + " " + family;
            case 1 -> given + " " + keyboardTypo(keyboardTypo(family));
            default -> keyboardTypo(given) + " " + keyboardTypo(family);
        };
    }

    // ---- identifiers

    private String address() {
        String address;
        do {
            address = (1 + random.nextInt(400)) + " " + pick(STREETS) + " " + pick(STREET_TYPES) + ", " + pick(CITIES)
                    + ", tx";
        } while (!usedIdentifiers.add("address:" + address));
        return address;
    }

    private String document() {
        String document;
        do {
            document = "TX" + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
        } while (!usedIdentifiers.add("document:" + document));
        return document;
    }

    /** The same address as another clerk writes it, or (one in eight) mistyped. */
    private String rewrittenAddress(String address) {
        String written = switch (random.nextInt(4)) {
            case 0 -> address.toUpperCase(Locale.ROOT);
            case 1 ->
                address.replace(" street", " st")
                        .replace(" avenue", " ave")
                        .replace(" road", " rd")
                        .replace(" drive", " dr")
                        .replace(" lane", " ln")
                        .replace(" court", " ct");
            case 2 -> address.replace(",", "");
            default -> address;
        };
        return random.nextInt(8) == 0 ? keyboardTypo(written) : written;
    }

    /** The same document number with spaces or dashes, or (one in ten) a digit mistyped. */
    private String rewrittenDocument(String document) {
        if (random.nextInt(10) == 0) {
            int at = 2 + random.nextInt(document.length() - 2);
            return document.substring(0, at)
                    + (char) ('0' + (document.charAt(at) - '0' + 1) % 10)
                    + document.substring(at + 1);
        }
        return switch (random.nextInt(3)) {
            case 0 -> document.substring(0, 2) + " " + document.substring(2, 6) + " " + document.substring(6);
            case 1 -> document.substring(0, 2) + "-" + document.substring(2);
            default -> document.toLowerCase(Locale.ROOT);
        };
    }

    // ---- leads

    private LeadSubmitted lead(String name, LocalDate born, String address, String document) {
        String leadId = UUID.nameUUIDFromBytes(("febrl-lead-" + sequence++).getBytes(StandardCharsets.UTF_8))
                .toString();
        List<Identifier> identifiers = new ArrayList<>();
        if (withIdentifiers && address != null) {
            identifiers.add(new Identifier(IdentifierType.ADDRESS, address));
        }
        if (withIdentifiers && document != null) {
            identifiers.add(new Identifier(IdentifierType.DOCUMENT, document));
        }
        return new LeadSubmitted(
                leadId,
                "febrl-agency",
                "febrl-officer",
                taskForce,
                "FEBRL-" + sequence,
                Priority.ROUTINE,
                "Person record " + sequence,
                null,
                OCCURRED,
                new Location(null, "Houston", "TX", null, null),
                List.of(new Subject(name, born, SubjectRole.SUSPECT, List.of())),
                identifiers,
                OCCURRED);
    }

    /** Drawn with a skew towards the head of the list, as names are: a few very common, a long tail of rare ones. */
    private <T> T frequent(List<T> from) {
        double u = random.nextDouble();
        return from.get((int) (from.size() * u * u));
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
