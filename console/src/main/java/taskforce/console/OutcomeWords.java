package taskforce.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.Map;
import taskforce.contracts.cases.CaseOutcomeRecorded;

/**
 * Outcomes as people read them: "3 arrests", "3 firearms", "$371,442", "42.4 kg (93.5 lb) narcotics". The case page
 * and the timeline both say outcomes through here, so an outcome reads the same wherever it shows.
 */
final class OutcomeWords {

    /** The factor the results report uses too (README, Results). */
    private static final BigDecimal POUNDS_PER_KILOGRAM = new BigDecimal("2.20462262");

    private OutcomeWords() {}

    /** An outcome as case-service's JSON holds it ({@code type}, {@code count}, {@code seizure}). */
    static String of(Map<String, Object> outcome) {
        Object seizure = outcome.get("seizure");
        if (seizure instanceof Map<?, ?> seized) {
            return seizure(text(seized.get("category")), decimal(seized.get("quantity")), text(seized.get("unit")));
        }
        return counted(text(outcome.get("type")), number(outcome.get("count")));
    }

    static String of(CaseOutcomeRecorded outcome) {
        if (outcome.seizure() != null) {
            return seizure(
                    name(outcome.seizure().category()),
                    outcome.seizure().quantity(),
                    name(outcome.seizure().unit()));
        }
        return counted(name(outcome.type()), outcome.count() == null ? 1 : outcome.count());
    }

    static String counted(String type, long count) {
        return switch (type) {
            case "ARREST" -> count + (count == 1 ? " arrest" : " arrests");
            case "VICTIM_IDENTIFIED" -> count + (count == 1 ? " victim identified" : " victims identified");
            case "INDICTMENT" -> count + (count == 1 ? " indictment" : " indictments");
            case "CONVICTION" -> count + (count == 1 ? " conviction" : " convictions");
            case "REMOVAL" -> count + (count == 1 ? " removal" : " removals");
            case "SEIZURE" -> count + (count == 1 ? " seizure" : " seizures");
            default -> count + " × " + type.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    static String seizure(String category, BigDecimal quantity, String unit) {
        BigDecimal amount = quantity == null ? BigDecimal.ZERO : quantity;
        if ("USD".equals(unit)) {
            String money = dollars(amount);
            return "CURRENCY".equals(category) ? money : money + " in " + thing(category, amount);
        }
        if ("KG".equals(unit)) {
            return decimal(amount) + " kg (" + decimal(amount.multiply(POUNDS_PER_KILOGRAM)) + " lb) "
                    + thing(category, amount);
        }
        if ("LB".equals(unit)) {
            return decimal(amount) + " lb ("
                    + decimal(amount.divide(POUNDS_PER_KILOGRAM, 3, RoundingMode.HALF_UP)) + " kg) "
                    + thing(category, amount);
        }
        return whole(amount) + " " + thing(category, amount);
    }

    private static String thing(String category, BigDecimal amount) {
        boolean one = amount.compareTo(BigDecimal.ONE) == 0;
        return switch (category == null ? "" : category) {
            case "FIREARMS" -> one ? "firearm" : "firearms";
            case "VEHICLES" -> one ? "vehicle" : "vehicles";
            case "DOCUMENTS" -> one ? "document" : "documents";
            case "NARCOTICS" -> "narcotics";
            case "CURRENCY" -> "currency";
            case "" -> one ? "item" : "items";
            default -> one ? "other item" : "other items";
        };
    }

    /** Whole dollars without cents, cents only when there are some: "$371,442", "$1,250.50". */
    static String dollars(BigDecimal amount) {
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        boolean whole = amount.stripTrailingZeros().scale() <= 0;
        format.setMinimumFractionDigits(whole ? 0 : 2);
        format.setMaximumFractionDigits(whole ? 0 : 2);
        return format.format(amount);
    }

    private static String decimal(BigDecimal amount) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMaximumFractionDigits(1);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(amount);
    }

    private static String whole(BigDecimal amount) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMaximumFractionDigits(2);
        return format.format(amount);
    }

    private static String name(Enum<?> value) {
        return value == null ? "" : value.name();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 1;
    }

    private static BigDecimal decimal(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value.toString());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
