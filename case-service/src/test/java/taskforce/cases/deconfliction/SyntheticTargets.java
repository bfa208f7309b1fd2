package taskforce.cases.deconfliction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A labelled synthetic data set for measuring deconfliction: leads as agencies write them, each labelled with the
 * target it is really about. The same seed gives the same data set.
 *
 * <p>Identifier leads carry one identifier each, written as people write it: US, Mexican and British phones in
 * national and international notations ({@code (713) 555-0142}, {@code 713.555.0142}, {@code 001 713 555 0142},
 * {@code +52 (55) 1234-5678}, {@code +44 (0)20 7946 0123}, {@code tel:} URIs, extensions …), e-mail addresses
 * with changed case, dots and {@code +tags}, plates with spaces, dashes, lower case and the state by name, VINs with noise (lower case, spaces, and the letters I, O
 * and Q typed for the digits 1 and 0). Some targets are near neighbours of another (one digit apart, the same
 * plate in another state): different targets.
 *
 * <p>Person leads name one subject, written with spelling variants and transliterations (Mohammed, Muhammad,
 * Mohamed; Aleksandr, Alexander; Nguyễn, Nguyen), typos, first and last name swapped or as {@code LAST, First},
 * aliases, and now and then a date of birth with day and month swapped or one digit off. Many different people
 * share a common name (John Smith, Maria Garcia, Jose Hernandez …) with their own dates of birth, and some twins
 * share a surname and a date of birth: different people.
 */
final class SyntheticTargets {

    enum Kind {
        IDENTIFIER,
        PERSON
    }

    /** One lead and the ground truth: which target it is really about. */
    record LabelledLead(String targetId, Kind kind, LeadSubmitted lead) {}

    private static final Instant OCCURRED = Instant.parse("2026-11-01T12:00:00Z");

    private static final List<List<String>> GIVEN_NAMES = List.of(
            List.of("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"),
            List.of("Aleksandr", "Alexander", "Oleksandr", "Aleksander", "Alexandr"),
            List.of("Yusuf", "Youssef", "Yousef", "Yousuf"),
            List.of("Sergey", "Sergei", "Serhiy"),
            List.of("Dmitry", "Dmitri", "Dmitriy"),
            List.of("Ahmed", "Ahmad"),
            List.of("Catherine", "Katherine", "Kathryn"),
            List.of("Yevgeny", "Evgeny", "Evgeniy"),
            List.of("Hussein", "Husain", "Hussain"),
            List.of("Abdullah", "Abdallah"),
            List.of("Ekaterina", "Yekaterina"),
            List.of("Natalia", "Natalya"),
            List.of("Andrei", "Andrey"),
            List.of("Yuri", "Yury", "Iouri"),
            List.of("Fatima", "Fatimah"),
            List.of("Mikhail", "Michail"),
            List.of("Jesús", "Jesus"),
            List.of("Hương", "Huong"),
            List.of("Thảo", "Thao"),
            List.of("Grégoire", "Gregoire"),
            List.of("Björn", "Bjorn"),
            List.of("Zoltán", "Zoltan"),
            List.of("Khalid", "Khaled"),
            List.of("Osama", "Usama"),
            List.of("Rashid", "Rasheed"),
            List.of("Tatiana", "Tatyana"),
            List.of("Anastasia", "Anastasiya"),
            List.of("Vladimir"),
            List.of("Ricardo"),
            List.of("Esperanza"),
            List.of("Guadalupe"),
            List.of("Rigoberto"),
            List.of("Xochitl"),
            List.of("Dolores"),
            List.of("Leticia"),
            List.of("Ignacio"),
            List.of("Bogdan"),
            List.of("Stanislav"),
            List.of("Svetlana"));

    private static final List<List<String>> SURNAMES = List.of(
            List.of("Nguyễn", "Nguyen"),
            List.of("Trần", "Tran"),
            List.of("Phạm", "Pham"),
            List.of("Huỳnh", "Huynh"),
            List.of("Ivanov", "Ivanoff"),
            List.of("Petrov", "Petroff"),
            List.of("Smirnov", "Smirnoff"),
            List.of("Volkov"),
            List.of("Kovalenko"),
            List.of("Shevchenko", "Schevchenko"),
            List.of("Tkachenko"),
            List.of("al-Rashid", "Al Rashid", "Alrashid"),
            List.of("Hassan", "Hasan"),
            List.of("Haddad"),
            List.of("Abdel-Rahman", "Abdelrahman"),
            List.of("Mansour", "Mansur"),
            List.of("Khoury", "Khouri"),
            List.of("Müller", "Mueller", "Muller"),
            List.of("Schröder", "Schroeder"),
            List.of("O'Sullivan", "OSullivan"),
            List.of("Tchaikovsky", "Chaikovsky"),
            List.of("Kowalczyk"),
            List.of("Wiśniewski", "Wisniewski"),
            List.of("Popescu"),
            List.of("Quintanilla"),
            List.of("Villalobos"),
            List.of("Zavala"),
            List.of("Castañeda", "Castaneda"),
            List.of("Ibáñez", "Ibanez"),
            List.of("Gutiérrez", "Gutierrez"),
            List.of("Echeverría", "Echeverria"),
            List.of("Okonkwo"),
            List.of("Adeyemi"),
            List.of("Mensah"),
            List.of("Takahashi"),
            List.of("Yamamoto"),
            List.of("Bergström", "Bergstrom"),
            List.of("Lindqvist", "Lindquist"),
            List.of("Szabó", "Szabo"));

    private static final List<String> COMMON_NAMES = List.of(
            "John Smith",
            "Maria Garcia",
            "Jose Hernandez",
            "Juan Martinez",
            "Maria Rodriguez",
            "James Johnson",
            "Michael Brown",
            "David Lee",
            "Luis Gonzalez",
            "Ana Lopez",
            "Wei Zhang",
            "Mohammed Ali");

    private static final List<String> US_AREA_CODES =
            List.of("713", "832", "281", "214", "469", "210", "512", "305", "212", "323", "602", "915", "956");
    private static final List<String> MX_AREA_CODES = List.of("55", "81", "33", "664", "656");
    private static final List<String> EMAIL_DOMAINS =
            List.of("gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "protonmail.com", "aol.com");
    private static final Set<String> PLUS_DOMAINS =
            Set.of("gmail.com", "outlook.com", "hotmail.com", "icloud.com", "protonmail.com");
    private static final List<String> STATES = List.of("TX", "CA", "AZ", "NM", "FL", "NY", "IL", "GA");
    private static final Map<String, String> STATE_NAMES = Map.of(
            "TX", "Texas",
            "CA", "California",
            "AZ", "Arizona",
            "NM", "New Mexico",
            "FL", "Florida",
            "NY", "New York",
            "IL", "Illinois",
            "GA", "Georgia");
    private static final String VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    private static final String LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

    private final Random random;
    private final List<String> taskForces;
    private final List<LabelledLead> leads = new ArrayList<>();
    private final Set<String> usedTargets = new HashSet<>();
    private int sequence;

    private SyntheticTargets(long seed, List<String> taskForces) {
        this.random = new Random(seed);
        this.taskForces = List.copyOf(taskForces);
    }

    /** The data set: identifier targets and people, spread over the task forces, in a shuffled order. */
    static List<LabelledLead> generate(long seed, List<String> taskForces, int identifierTargets, int people) {
        SyntheticTargets generator = new SyntheticTargets(seed, taskForces);
        for (int i = 0; i < identifierTargets; i++) {
            generator.identifierTarget(i);
        }
        generator.people(people);
        List<LabelledLead> shuffled = new ArrayList<>(generator.leads);
        java.util.Collections.shuffle(shuffled, generator.random);
        return shuffled;
    }

    /** Writes the data set as JSON lines: {@code {"targetId", "kind", "lead": <lead.submitted data>}}. */
    static void write(List<LabelledLead> leads, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder out = new StringBuilder();
        for (LabelledLead labelled : leads) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("targetId", labelled.targetId());
            line.put("kind", labelled.kind());
            line.put("lead", labelled.lead());
            out.append(EventCodec.instance().mapper().writeValueAsString(line)).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    // ---- identifiers

    private void identifierTarget(int index) {
        String target = "id-" + index;
        int records = 2 + random.nextInt(3);
        String taskForce = pick(taskForces);
        switch (index % 6) {
            case 0, 1 -> usPhone(target, records, taskForce);
            case 2 -> foreignPhone(target, records, taskForce);
            case 3 -> email(target, index, records, taskForce);
            case 4 -> plate(target, records, taskForce);
            default -> vin(target, records, taskForce);
        }
    }

    private void usPhone(String target, int records, String taskForce) {
        String digits;
        do {
            digits = pick(US_AREA_CODES) + (200 + random.nextInt(800)) + String.format("%04d", random.nextInt(10_000));
        } while (!usedTargets.add("phone:" + digits));
        for (int r = 0; r < records; r++) {
            identifierLead(target, taskForce(taskForce), IdentifierType.PHONE, usNotation(digits));
        }
        if (random.nextInt(8) == 0) {
            // a neighbour: the same number but for the last digit, another target altogether
            String neighbour = digits.substring(0, 9) + ((digits.charAt(9) - '0' + 1) % 10);
            if (usedTargets.add("phone:" + neighbour)) {
                identifierLead(target + "-neighbour", taskForce, IdentifierType.PHONE, usNotation(neighbour));
                identifierLead(target + "-neighbour", taskForce, IdentifierType.PHONE, usNotation(neighbour));
            }
        }
    }

    private String usNotation(String d) {
        String a = d.substring(0, 3);
        String e = d.substring(3, 6);
        String l = d.substring(6);
        return switch (random.nextInt(13)) {
            case 11 -> "tel:+1-" + a + "-" + e + "-" + l;
            case 12 -> a + "-" + e + "-" + l + " ext. " + (10 + random.nextInt(90));
            case 0 -> "(" + a + ") " + e + "-" + l;
            case 1 -> a + "-" + e + "-" + l;
            case 2 -> a + "." + e + "." + l;
            case 3 -> a + e + l;
            case 4 -> "+1 (" + a + ") " + e + "-" + l;
            case 5 -> "+1 " + a + " " + e + " " + l;
            case 6 -> "1-" + a + "-" + e + "-" + l;
            case 7 -> "+1." + a + "." + e + "." + l;
            case 8 -> "001 " + a + " " + e + " " + l;
            case 9 -> "+1" + a + e + l;
            default -> "1 (" + a + ") " + e + " " + l;
        };
    }

    private void foreignPhone(String target, int records, String taskForce) {
        boolean mexican = random.nextBoolean();
        String national;
        do {
            if (mexican) {
                String area = pick(MX_AREA_CODES);
                StringBuilder rest = new StringBuilder();
                while (area.length() + rest.length() < 10) {
                    rest.append(random.nextInt(10));
                }
                national = area + rest;
            } else {
                national = random.nextBoolean()
                        ? "20" + (7000 + random.nextInt(1000)) + String.format("%04d", random.nextInt(10_000))
                        : "7" + (400 + random.nextInt(600)) + String.format("%06d", random.nextInt(1_000_000));
            }
        } while (!usedTargets.add("phone:" + national));
        String country = mexican ? "52" : "44";
        for (int r = 0; r < records; r++) {
            String n = national;
            String spaced = mexican
                    ? n.substring(0, 2) + " " + n.substring(2, 6) + " " + n.substring(6)
                    : n.substring(0, 2) + " " + n.substring(2, 6) + " " + n.substring(6);
            String written = switch (random.nextInt(6)) {
                case 0 -> "+" + country + " " + spaced;
                case 1 -> "+" + country + n;
                case 2 -> "00" + country + " " + spaced;
                case 3 -> "011 " + country + " " + spaced;
                case 4 ->
                    mexican
                            ? "+52 (" + n.substring(0, 2) + ") " + n.substring(2, 6) + "-" + n.substring(6)
                            : "+44 (0)" + spaced;
                default -> "+" + country + "-" + n.substring(0, 4) + "-" + n.substring(4);
            };
            identifierLead(target, taskForce(taskForce), IdentifierType.PHONE, written);
        }
    }

    private void email(String target, int index, int records, String taskForce) {
        String first = stripAccents(pick(pick(GIVEN_NAMES))).toLowerCase(Locale.ROOT);
        String last =
                stripAccents(pick(pick(SURNAMES))).toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        String domain = pick(EMAIL_DOMAINS);
        String local = first + "." + last + index;
        usedTargets.add("email:" + local + "@" + domain);
        for (int r = 0; r < records; r++) {
            String l = local;
            String d = domain;
            if (domain.equals("gmail.com")) {
                if (random.nextBoolean()) {
                    l = l.replace(".", "");
                }
                if (random.nextInt(4) == 0) {
                    l = l.substring(0, 2) + "." + l.substring(2);
                }
                if (random.nextInt(5) == 0) {
                    d = "googlemail.com";
                }
            }
            if (PLUS_DOMAINS.contains(domain) && random.nextInt(3) == 0) {
                l = l + "+" + pick(List.of("tips", "shop", "2024", "work", "x"));
            }
            String written = switch (random.nextInt(4)) {
                case 0 -> l.toUpperCase(Locale.ROOT) + "@" + d.toUpperCase(Locale.ROOT);
                case 1 -> Character.toUpperCase(l.charAt(0)) + l.substring(1) + "@" + capitalize(d);
                case 2 -> " " + l + "@" + d + " ";
                default -> l + "@" + d;
            };
            identifierLead(target, taskForce(taskForce), IdentifierType.EMAIL, written);
        }
    }

    private void plate(String target, int records, String taskForce) {
        String state = pick(STATES);
        String characters;
        do {
            characters = "" + letter() + letter() + letter() + random.nextInt(10) + random.nextInt(10)
                    + random.nextInt(10) + random.nextInt(10);
        } while (!usedTargets.add("plate:" + state + characters));
        for (int r = 0; r < records; r++) {
            identifierLead(
                    target, taskForce(taskForce), IdentifierType.VEHICLE_PLATE, plateNotation(state, characters));
        }
        if (random.nextInt(6) == 0) {
            // the same characters in another state: another vehicle
            String other = STATES.get((STATES.indexOf(state) + 1) % STATES.size());
            if (usedTargets.add("plate:" + other + characters)) {
                identifierLead(
                        target + "-other-state",
                        taskForce,
                        IdentifierType.VEHICLE_PLATE,
                        plateNotation(other, characters));
            }
        }
    }

    private String plateNotation(String state, String c) {
        String letters = c.substring(0, 3);
        String digits = c.substring(3);
        return switch (random.nextInt(7)) {
            case 6 -> STATE_NAMES.get(state) + " " + letters + "-" + digits;
            case 0 -> state + " " + letters + "-" + digits;
            case 1 -> state.toLowerCase(Locale.ROOT) + " " + c.toLowerCase(Locale.ROOT);
            case 2 -> state + "-" + letters + " " + digits;
            case 3 -> state + ":" + c;
            case 4 ->
                state + " " + letters.toLowerCase(Locale.ROOT) + " " + digits.substring(0, 2) + " "
                        + digits.substring(2);
            default -> state + " " + c;
        };
    }

    private void vin(String target, int records, String taskForce) {
        String vin;
        do {
            vin = validVin();
        } while (!usedTargets.add("vin:" + vin));
        for (int r = 0; r < records; r++) {
            identifierLead(target, taskForce(taskForce), IdentifierType.VIN, vinNotation(vin));
        }
        if (random.nextInt(8) == 0) {
            // one character apart: another vehicle
            char last = vin.charAt(16) == '1' ? '2' : '1';
            String neighbour = vin.substring(0, 16) + last;
            if (usedTargets.add("vin:" + neighbour)) {
                identifierLead(target + "-neighbour", taskForce, IdentifierType.VIN, vinNotation(neighbour));
            }
        }
    }

    private String validVin() {
        char[] vin = new char[17];
        for (int i = 0; i < 17; i++) {
            vin[i] = VIN_ALPHABET.charAt(random.nextInt(VIN_ALPHABET.length()));
        }
        int[] weights = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += vinValue(vin[i]) * weights[i];
        }
        int check = sum % 11;
        vin[8] = check == 10 ? 'X' : (char) ('0' + check);
        return new String(vin);
    }

    private static int vinValue(char c) {
        if (Character.isDigit(c)) {
            return c - '0';
        }
        String[] groups = {"AJ", "BKS", "CLT", "DMU", "ENV", "FW", "GPX", "HY", "RZ"};
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].indexOf(c) >= 0) {
                return i + 1;
            }
        }
        return 0;
    }

    private String vinNotation(String vin) {
        String v = vin;
        if (random.nextInt(3) == 0) {
            // the letters a VIN never holds, typed for the digits they look like
            v = v.replaceFirst("1", "I").replaceFirst("0", random.nextBoolean() ? "O" : "Q");
        }
        return switch (random.nextInt(4)) {
            case 0 -> v.toLowerCase(Locale.ROOT);
            case 1 -> v.substring(0, 3) + " " + v.substring(3, 8) + " " + v.substring(8, 11) + " " + v.substring(11);
            case 2 -> v.substring(0, 8) + "-" + v.substring(8);
            default -> v;
        };
    }

    private void identifierLead(String target, String taskForce, IdentifierType type, String value) {
        leads.add(new LabelledLead(
                target, Kind.IDENTIFIER, lead(taskForce, List.of(), List.of(new Identifier(type, value)))));
    }

    // ---- people

    private record Person(
            String given,
            List<String> givenVariants,
            String surname,
            List<String> surnameVariants,
            LocalDate born,
            List<String> aliases) {}

    private void people(int count) {
        int commonPeople = count * 2 / 5;
        int twins = count / 20;
        int distinct = count - commonPeople - 2 * twins;
        int p = 0;
        for (int i = 0; i < distinct; i++) {
            List<String> given = pick(GIVEN_NAMES);
            List<String> surname = pick(SURNAMES);
            List<String> aliases = new ArrayList<>();
            if (random.nextInt(5) == 0) {
                aliases.add(pick(pick(GIVEN_NAMES)) + " " + pick(pick(SURNAMES)));
            }
            Person person = new Person(given.get(0), given, surname.get(0), surname, birthday(), aliases);
            personLeads("person-" + p++, person, 1 + random.nextInt(4), true);
        }
        for (int i = 0; i < commonPeople; i++) {
            String[] name = COMMON_NAMES.get(i % COMMON_NAMES.size()).split(" ");
            Person person = new Person(name[0], List.of(name[0]), name[1], List.of(name[1]), birthday(), List.of());
            personLeads("person-" + p++, person, 1 + random.nextInt(3), false);
        }
        for (int i = 0; i < twins; i++) {
            List<String> surname = pick(SURNAMES);
            LocalDate born = birthday();
            int a = random.nextInt(GIVEN_NAMES.size());
            int b = (a + 1 + random.nextInt(GIVEN_NAMES.size() - 1)) % GIVEN_NAMES.size();
            for (int g : new int[] {a, b}) {
                List<String> given = GIVEN_NAMES.get(g);
                Person twin = new Person(given.get(0), given, surname.get(0), surname, born, List.of());
                personLeads("person-" + p++, twin, 1 + random.nextInt(3), false);
            }
        }
    }

    private void personLeads(String target, Person person, int records, boolean noisy) {
        String home = pick(taskForces);
        for (int r = 0; r < records; r++) {
            String name;
            List<String> aliases = List.of();
            if (!person.aliases().isEmpty() && r == 0) {
                name = pick(person.givenVariants()) + " " + pick(person.surnameVariants());
                aliases = person.aliases();
            } else if (!person.aliases().isEmpty() && random.nextInt(3) == 0) {
                name = person.aliases().get(0);
            } else {
                String given = pick(person.givenVariants());
                String surname = pick(person.surnameVariants());
                if (noisy && random.nextInt(6) == 0) {
                    if (random.nextBoolean()) {
                        given = typo(given);
                    } else {
                        surname = typo(surname);
                    }
                }
                name = switch (noisy ? random.nextInt(10) : random.nextInt(20)) {
                    case 0 -> surname + " " + given;
                    case 1 -> surname.toUpperCase(Locale.ROOT) + ", " + given;
                    case 2 -> (given + " " + surname).toUpperCase(Locale.ROOT);
                    case 3 -> given + " " + pick(List.of("Luis", "Maria", "A.", "Jose", "Ibrahim")) + " " + surname;
                    default -> given + " " + surname;
                };
            }
            LocalDate born = person.born();
            if (noisy && r > 0) {
                int noise = random.nextInt(25);
                if (noise == 0 && born.getDayOfMonth() <= 12) {
                    born = LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue());
                } else if (noise == 1) {
                    born = oneDigitOff(born);
                }
            }
            Subject subject = new Subject(name, born, pick(List.of(SubjectRole.values())), aliases);
            // most people are worked by one task force; some turn up in a second one
            String taskForce = random.nextInt(4) == 0 ? pick(taskForces) : home;
            leads.add(new LabelledLead(target, Kind.PERSON, lead(taskForce, List.of(subject), List.of())));
        }
    }

    private LocalDate birthday() {
        return LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 55));
    }

    private LocalDate oneDigitOff(LocalDate born) {
        for (int attempt = 0; attempt < 20; attempt++) {
            LocalDate changed = random.nextBoolean()
                    ? born.withYear(born.getYear() - born.getYear() % 10 + (born.getYear() % 10 + 1) % 10)
                    : born.getDayOfMonth() % 10 < 8 ? born.plusDays(1) : born.minusDays(1);
            if (PersonMatcher.birthAgreement(born, changed).isPresent()) {
                return changed;
            }
        }
        return born;
    }

    private String typo(String word) {
        if (word.length() < 4) {
            return word;
        }
        int at = 1 + random.nextInt(word.length() - 2);
        char[] c = word.toCharArray();
        return switch (random.nextInt(3)) {
            case 0 -> word.substring(0, at) + word.substring(at + 1); // a letter left out
            case 1 -> {
                char t = c[at];
                c[at] = c[at + 1];
                c[at + 1] = t;
                yield new String(c); // two letters swapped
            }
            default -> word.substring(0, at) + c[at] + word.substring(at); // a letter doubled
        };
    }

    // ---- leads

    private LeadSubmitted lead(String taskForce, List<Subject> subjects, List<Identifier> identifiers) {
        String leadId = UUID.nameUUIDFromBytes(("synthetic-lead-" + sequence++).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new LeadSubmitted(
                leadId,
                "synthetic-agency",
                "synthetic-officer",
                taskForce,
                "SYN-" + sequence,
                Priority.ROUTINE,
                "Synthetic lead " + sequence,
                null,
                OCCURRED,
                new Location(null, "Houston", "TX", null, null),
                subjects,
                identifiers,
                OCCURRED);
    }

    /** Mostly the target's own task force; now and then another one works it too. */
    private String taskForce(String home) {
        return random.nextInt(5) == 0 ? pick(taskForces) : home;
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private char letter() {
        return LETTERS.charAt(random.nextInt(LETTERS.length()));
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String stripAccents(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    }
}
