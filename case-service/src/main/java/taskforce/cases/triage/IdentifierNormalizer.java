package taskforce.cases.triage;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import taskforce.contracts.lead.Identifier;
import taskforce.contracts.lead.IdentifierType;

/**
 * The canonical form of an identifier, so that the same phone, e-mail or plate written two ways matches:
 * phones in E.164 (US when no country code is given; digits only when unparseable), e-mail trimmed and
 * lower-case, plates and VINs upper-case letters and digits only, anything else trimmed, lower-case, with
 * whitespace collapsed.
 */
public final class IdentifierNormalizer {

    private static final String DEFAULT_REGION = "US";

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public String normalize(Identifier identifier) {
        return normalize(identifier.type(), identifier.value());
    }

    public String normalize(IdentifierType type, String value) {
        if (value == null) {
            return "";
        }
        String trimmed = value.trim();
        if (type == null) {
            return text(trimmed);
        }
        return switch (type) {
            case PHONE -> phone(trimmed);
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case VEHICLE_PLATE, VIN -> trimmed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
            default -> text(trimmed);
        };
    }

    private String phone(String value) {
        try {
            PhoneNumber number = phones.parse(value, DEFAULT_REGION);
            if (phones.isPossibleNumber(number)) {
                return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            }
        } catch (NumberParseException unparseable) {
            // falls back to the digits below
        }
        String digits = value.replaceAll("\\D", "");
        return digits.isEmpty() ? text(value) : digits;
    }

    private static String text(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
