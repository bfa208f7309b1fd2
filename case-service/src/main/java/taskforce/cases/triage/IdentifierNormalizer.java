package taskforce.cases.triage;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;

/**
 * The canonical form of an identifier, so that the same phone, e-mail, plate, VIN, address or handle written two
 * ways lands on the same key of the identifier index:
 *
 * <ul>
 *   <li>phones in E.164 with libphonenumber (US when no country code is given, {@code 00} and the US {@code 011}
 *       read as the international prefix; digits only when unparseable);
 *   <li>e-mail lower-case with an ASCII domain, and the provider's own equivalences where they are documented:
 *       Gmail ignores dots and everything after {@code +} in the local part, Outlook, iCloud, Proton and Fastmail
 *       everything after {@code +};
 *   <li>plates as {@code STATE:CHARACTERS} when the value starts with a US state or territory, by code or by
 *       name ({@code Texas ABC-1234}), else the characters alone, without spaces or dashes;
 *   <li>VINs upper-case, with the letters a VIN never holds (I, O, Q) read as the digits they are mistaken for;
 *       {@link #isValidVin} checks the check digit;
 *   <li>addresses lower-case without punctuation, with the USPS standard abbreviations of street suffixes,
 *       directions and unit designators (Street and St. both become {@code st});
 *   <li>social handles as {@code platform:handle} (from {@code @handle}, {@code instagram:@Handle} or a profile
 *       URL), lower-case, since the big platforms ignore case;
 *   <li>IP addresses as the JDK writes them (IPv6 in full, lower-case); documents upper-case letters and digits.
 * </ul>
 */
public final class IdentifierNormalizer {

    private static final String DEFAULT_REGION = "US";

    private static final Set<String> US_STATES = Set.of(
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
            "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
            "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI",
            "AS", "MP");

    /** The states and territories by name, as plates are often written ({@code Texas ABC-1234}). */
    private static final Map<String, String> STATE_NAMES = Map.ofEntries(
            Map.entry("ALABAMA", "AL"),
            Map.entry("ALASKA", "AK"),
            Map.entry("ARIZONA", "AZ"),
            Map.entry("ARKANSAS", "AR"),
            Map.entry("CALIFORNIA", "CA"),
            Map.entry("COLORADO", "CO"),
            Map.entry("CONNECTICUT", "CT"),
            Map.entry("DELAWARE", "DE"),
            Map.entry("DISTRICT OF COLUMBIA", "DC"),
            Map.entry("FLORIDA", "FL"),
            Map.entry("GEORGIA", "GA"),
            Map.entry("HAWAII", "HI"),
            Map.entry("IDAHO", "ID"),
            Map.entry("ILLINOIS", "IL"),
            Map.entry("INDIANA", "IN"),
            Map.entry("IOWA", "IA"),
            Map.entry("KANSAS", "KS"),
            Map.entry("KENTUCKY", "KY"),
            Map.entry("LOUISIANA", "LA"),
            Map.entry("MAINE", "ME"),
            Map.entry("MARYLAND", "MD"),
            Map.entry("MASSACHUSETTS", "MA"),
            Map.entry("MICHIGAN", "MI"),
            Map.entry("MINNESOTA", "MN"),
            Map.entry("MISSISSIPPI", "MS"),
            Map.entry("MISSOURI", "MO"),
            Map.entry("MONTANA", "MT"),
            Map.entry("NEBRASKA", "NE"),
            Map.entry("NEVADA", "NV"),
            Map.entry("NEW HAMPSHIRE", "NH"),
            Map.entry("NEW JERSEY", "NJ"),
            Map.entry("NEW MEXICO", "NM"),
            Map.entry("NEW YORK", "NY"),
            Map.entry("NORTH CAROLINA", "NC"),
            Map.entry("NORTH DAKOTA", "ND"),
            Map.entry("OHIO", "OH"),
            Map.entry("OKLAHOMA", "OK"),
            Map.entry("OREGON", "OR"),
            Map.entry("PENNSYLVANIA", "PA"),
            Map.entry("RHODE ISLAND", "RI"),
            Map.entry("SOUTH CAROLINA", "SC"),
            Map.entry("SOUTH DAKOTA", "SD"),
            Map.entry("TENNESSEE", "TN"),
            Map.entry("TEXAS", "TX"),
            Map.entry("UTAH", "UT"),
            Map.entry("VERMONT", "VT"),
            Map.entry("VIRGINIA", "VA"),
            Map.entry("WASHINGTON", "WA"),
            Map.entry("WEST VIRGINIA", "WV"),
            Map.entry("WISCONSIN", "WI"),
            Map.entry("WYOMING", "WY"),
            Map.entry("PUERTO RICO", "PR"),
            Map.entry("GUAM", "GU"));

    private static final Pattern PLATE_WITH_STATE = Pattern.compile("^([A-Za-z]{2})\\s*[:\\-\\s]\\s*(.+)$");

    /** USPS Publication 28: the standard abbreviations of the words an address is most often written with. */
    private static final Map<String, String> ADDRESS_WORDS = Map.ofEntries(
            Map.entry("street", "st"),
            Map.entry("str", "st"),
            Map.entry("avenue", "ave"),
            Map.entry("av", "ave"),
            Map.entry("road", "rd"),
            Map.entry("boulevard", "blvd"),
            Map.entry("drive", "dr"),
            Map.entry("lane", "ln"),
            Map.entry("court", "ct"),
            Map.entry("place", "pl"),
            Map.entry("terrace", "ter"),
            Map.entry("circle", "cir"),
            Map.entry("highway", "hwy"),
            Map.entry("parkway", "pkwy"),
            Map.entry("freeway", "fwy"),
            Map.entry("expressway", "expy"),
            Map.entry("square", "sq"),
            Map.entry("trail", "trl"),
            Map.entry("plaza", "plz"),
            Map.entry("north", "n"),
            Map.entry("south", "s"),
            Map.entry("east", "e"),
            Map.entry("west", "w"),
            Map.entry("northeast", "ne"),
            Map.entry("northwest", "nw"),
            Map.entry("southeast", "se"),
            Map.entry("southwest", "sw"),
            Map.entry("apartment", "apt"),
            Map.entry("suite", "ste"),
            Map.entry("building", "bldg"),
            Map.entry("floor", "fl"),
            Map.entry("room", "rm"),
            Map.entry("number", "#"),
            Map.entry("no", "#"));

    /** Profile hosts and the platform they belong to. */
    private static final Map<String, String> SOCIAL_HOSTS = Map.ofEntries(
            Map.entry("instagram.com", "instagram"),
            Map.entry("twitter.com", "x"),
            Map.entry("x.com", "x"),
            Map.entry("facebook.com", "facebook"),
            Map.entry("fb.com", "facebook"),
            Map.entry("tiktok.com", "tiktok"),
            Map.entry("t.me", "telegram"),
            Map.entry("telegram.me", "telegram"),
            Map.entry("snapchat.com", "snapchat"),
            Map.entry("threads.net", "threads"));

    private static final Set<String> PLATFORMS = Set.copyOf(SOCIAL_HOSTS.values());
    private static final Pattern PROFILE_URL =
            Pattern.compile("^(?:https?://)?(?:www\\.|m\\.)?([a-z0-9.-]+)/(?:@)?([^/?#]+).*$");
    private static final Pattern PLATFORM_PREFIX = Pattern.compile("^([a-z]+)\\s*:\\s*(.+)$");
    private static final Map<String, String> PLATFORM_ALIASES =
            Map.of("twitter", "x", "fb", "facebook", "ig", "instagram");

    private static final Set<String> PLUS_ADDRESSING_DOMAINS = Set.of(
            "gmail.com",
            "outlook.com",
            "hotmail.com",
            "live.com",
            "msn.com",
            "icloud.com",
            "me.com",
            "proton.me",
            "protonmail.com",
            "fastmail.com");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public String normalize(Identifier identifier) {
        return normalize(identifier.type(), identifier.value());
    }

    public String normalize(IdentifierType type, String value) {
        if (value == null) {
            return "";
        }
        String trimmed = Normalizer.normalize(value, Normalizer.Form.NFKC).trim();
        if (type == null) {
            return text(trimmed);
        }
        return switch (type) {
            case PHONE -> phone(trimmed);
            case EMAIL -> email(trimmed);
            case VEHICLE_PLATE -> plate(trimmed);
            case VIN -> vin(trimmed);
            case ADDRESS -> address(trimmed);
            case SOCIAL_HANDLE -> handle(trimmed);
            case IP_ADDRESS -> ipAddress(trimmed);
            case DOCUMENT -> alphanumeric(trimmed);
            case PERSON -> text(trimmed);
        };
    }

    /**
     * A phone number in E.164 if it is one that reaches someone (valid for its region, not merely of a possible
     * length), read by the same rule as a phone identifier; empty otherwise. For numbers people are to call, such as
     * an operation's contact, where a lenient key is worth nothing.
     */
    public Optional<String> reachablePhone(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return parsedPhone(Normalizer.normalize(value, Normalizer.Form.NFKC).trim())
                .filter(phones::isValidNumber)
                .map(number -> phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    private String phone(String value) {
        Optional<String> e164 = parsedPhone(value)
                .filter(phones::isPossibleNumber)
                .map(number -> phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        if (e164.isPresent()) {
            return e164.get();
        }
        String digits = value.replaceAll("\\D", "");
        return digits.isEmpty() ? text(value) : digits;
    }

    /** The one reading of a phone number: US when no country code is given, 00 as the international prefix. */
    private Optional<PhoneNumber> parsedPhone(String value) {
        if (value.startsWith("00")) {
            // 00 is the international prefix of most of the world (ITU-T E.164), never the start of a US number
            value = "+" + value.substring(2);
        }
        try {
            return Optional.of(phones.parse(value, DEFAULT_REGION));
        } catch (NumberParseException unparseable) {
            return Optional.empty();
        }
    }

    private static String email(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int at = lower.lastIndexOf('@');
        if (at <= 0 || at == lower.length() - 1) {
            return lower;
        }
        String local = lower.substring(0, at);
        String domain;
        try {
            domain = IDN.toASCII(lower.substring(at + 1), IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notADomain) {
            return lower;
        }
        if (domain.equals("googlemail.com")) {
            domain = "gmail.com";
        }
        if (PLUS_ADDRESSING_DOMAINS.contains(domain) && local.indexOf('+') > 0) {
            local = local.substring(0, local.indexOf('+'));
        }
        if (domain.equals("gmail.com")) {
            local = local.replace(".", "");
        }
        return local + "@" + domain;
    }

    private static String plate(String value) {
        String upper = value.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (Map.Entry<String, String> state : STATE_NAMES.entrySet()) {
            if (upper.startsWith(state.getKey() + " ")
                    || upper.startsWith(state.getKey() + ":")
                    || upper.startsWith(state.getKey() + "-")) {
                return state.getValue() + ":"
                        + alphanumeric(upper.substring(state.getKey().length()));
            }
        }
        Matcher withState = PLATE_WITH_STATE.matcher(value);
        if (withState.matches()) {
            String state = withState.group(1).toUpperCase(Locale.ROOT);
            if (US_STATES.contains(state)) {
                return state + ":" + alphanumeric(withState.group(2));
            }
        }
        return alphanumeric(value);
    }

    private static String vin(String value) {
        return alphanumeric(value).replace('I', '1').replace('O', '0').replace('Q', '0');
    }

    /** The check digit (position 9) of a 17-character North American VIN, as 49 CFR 565.15 computes it. */
    public static boolean isValidVin(String vin) {
        String canonical = vin(vin);
        if (canonical.length() != 17) {
            return false;
        }
        int[] weights = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += transliterate(canonical.charAt(i)) * weights[i];
        }
        int check = sum % 11;
        char expected = check == 10 ? 'X' : (char) ('0' + check);
        return canonical.charAt(8) == expected;
    }

    private static int transliterate(char c) {
        if (Character.isDigit(c)) {
            return c - '0';
        }
        return switch (c) {
            case 'A', 'J' -> 1;
            case 'B', 'K', 'S' -> 2;
            case 'C', 'L', 'T' -> 3;
            case 'D', 'M', 'U' -> 4;
            case 'E', 'N', 'V' -> 5;
            case 'F', 'W' -> 6;
            case 'G', 'P', 'X' -> 7;
            case 'H', 'Y' -> 8;
            case 'R', 'Z' -> 9;
            default -> 0;
        };
    }

    private static String address(String value) {
        String words = value.toLowerCase(Locale.ROOT).replace("#", " # ").replaceAll("[^\\p{L}\\p{N}# ]", " ");
        List<String> out = new ArrayList<>();
        for (String word : words.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                out.add(ADDRESS_WORDS.getOrDefault(word, word));
            }
        }
        return String.join(" ", out);
    }

    private static String handle(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        String platform = null;
        String handle = lower;
        Matcher url = PROFILE_URL.matcher(lower);
        Matcher prefixed = PLATFORM_PREFIX.matcher(lower);
        if (url.matches() && SOCIAL_HOSTS.containsKey(url.group(1))) {
            platform = SOCIAL_HOSTS.get(url.group(1));
            handle = url.group(2);
        } else if (prefixed.matches()) {
            String named = PLATFORM_ALIASES.getOrDefault(prefixed.group(1), prefixed.group(1));
            if (PLATFORMS.contains(named)) {
                platform = named;
                handle = prefixed.group(2);
            }
        }
        handle = handle.trim();
        while (handle.startsWith("@")) {
            handle = handle.substring(1);
        }
        if ("facebook".equals(platform)) {
            // Facebook user names ignore dots as well as case
            handle = handle.replace(".", "");
        }
        return platform == null ? handle : platform + ":" + handle;
    }

    private static String ipAddress(String value) {
        boolean literal = value.matches("^[0-9.]+$") || (value.contains(":") && value.matches("^[0-9A-Fa-f:.%]+$"));
        if (!literal) {
            return text(value);
        }
        try {
            // a literal address: resolved without any name lookup
            return InetAddress.getByName(value).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException malformed) {
            return text(value);
        }
    }

    private static String alphanumeric(String value) {
        return value.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private static String text(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
