package taskforce.contracts.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The federal fiscal year, as case numbers ({@code BEST-HOU-FY27-000042}) and the results report's {@code
 * fiscalYear} name it: FY N runs from 1 October of N-1 to 30 September of N, in UTC (2026-11-24 is in FY27). A term
 * of the public contracts, so that case-service and the console count it alike.
 */
public record FiscalYear(int year) {

    public static FiscalYear of(LocalDate day) {
        return new FiscalYear(day.getMonthValue() >= 10 ? day.getYear() + 1 : day.getYear());
    }

    public static FiscalYear containing(Instant instant) {
        return of(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /** 1 October of the year before, inclusive. */
    public LocalDate start() {
        return LocalDate.of(year - 1, 10, 1);
    }

    /** 1 October of the year itself, exclusive. */
    public LocalDate endExclusive() {
        return LocalDate.of(year, 10, 1);
    }

    public Instant startInstant() {
        return start().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public Instant endInstant() {
        return endExclusive().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** October to September. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(start()); m.isBefore(YearMonth.from(endExclusive())); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }
}
