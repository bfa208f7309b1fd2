package taskforce.cases.triage;

import java.time.LocalDate;
import java.util.Locale;
import taskforce.contracts.cases.FiscalYear;

/**
 * Human-readable case numbers {@code <PROGRAM>-<AREA>-FY<yy>-<000042>}: AREA is the first three letters of the
 * task force's city, and yy the {@link FiscalYear} (2026-11-24 is in FY27).
 */
public final class CaseNumbers {

    private CaseNumbers() {}

    /** The area code of "Houston, TX" is HOU; of "Los Angeles, CA" LOS. */
    public static String areaCode(String area) {
        String city = area == null ? "" : area.split(",", 2)[0];
        String letters = city.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        if (letters.isEmpty()) {
            return "XXX";
        }
        return letters.length() <= 3 ? letters : letters.substring(0, 3);
    }

    /** The prefix that one counter numbers: {@code BEST-HOU-FY27}. */
    public static String prefix(String program, String area, LocalDate day) {
        return program.toUpperCase(Locale.ROOT) + "-" + areaCode(area) + "-FY"
                + String.format(Locale.ROOT, "%02d", FiscalYear.of(day).year() % 100);
    }

    public static String format(String prefix, long sequence) {
        return prefix + "-" + String.format(Locale.ROOT, "%06d", sequence);
    }
}
