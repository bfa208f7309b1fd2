package taskforce.console;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * case-service's results report, ready for the page: the figures in a fixed order with their labels, the rows,
 * the totals and the twelve months of the fiscal year (October to September).
 */
public record ResultsReport(
        Map<String, Object> raw,
        List<Map<String, Object>> rows,
        Map<String, Object> totals,
        List<Map<String, Object>> byMonth) {

    /** The report's figures, in the order of the table and the CSV. */
    public record Figure(String key, String label) {}

    public static final List<Figure> FIGURES = List.of(
            new Figure("arrests", "Arrests"),
            new Figure("firearmsSeized", "Firearms seized"),
            new Figure("currencySeizedUsd", "Currency seized (USD)"),
            new Figure("narcoticsSeizedLb", "Narcotics seized (lb)"),
            new Figure("victimsIdentified", "Victims identified"),
            new Figure("indictments", "Indictments"),
            new Figure("convictions", "Convictions"),
            new Figure("removals", "Removals"),
            new Figure("casesOpened", "Cases opened"),
            new Figure("casesClosed", "Cases closed"));

    @SuppressWarnings("unchecked")
    static ResultsReport of(Map<String, Object> report) {
        Map<String, Object> body = report == null ? Map.of() : report;
        return new ResultsReport(
                body,
                body.get("rows") instanceof List<?> rows ? (List<Map<String, Object>>) rows : List.of(),
                body.get("totals") instanceof Map<?, ?> totals ? (Map<String, Object>) totals : Map.of(),
                body.get("byMonth") instanceof List<?> months ? (List<Map<String, Object>>) months : List.of());
    }

    /** One line per task force and program, then the totals; RFC 4180 quoting. */
    String toCsv() {
        StringBuilder csv = new StringBuilder("taskForceId,taskForceName,program");
        FIGURES.forEach(figure -> csv.append(',').append(figure.key()));
        csv.append("\r\n");
        for (Map<String, Object> row : rows) {
            appendLine(
                    csv,
                    List.of(text(row.get("taskForceId")), text(row.get("taskForceName")), text(row.get("program"))),
                    row);
        }
        appendLine(csv, List.of("TOTAL", "", ""), totals);
        return csv.toString();
    }

    private static void appendLine(StringBuilder csv, List<String> leading, Map<String, Object> figures) {
        List<String> cells = new ArrayList<>(leading);
        FIGURES.forEach(figure -> cells.add(text(figures.get(figure.key()))));
        csv.append(String.join(",", cells.stream().map(ResultsReport::quoted).toList()))
                .append("\r\n");
    }

    private static String quoted(String cell) {
        boolean needsQuotes = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
        // a leading formula character would run in a spreadsheet
        String safe = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?[0-9.]+")
                ? "'" + cell
                : cell;
        return needsQuotes ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** One figure per month, for a chart; the month labels are the report's own ("2025-10"). */
    public List<Object> monthly(String figure) {
        return byMonth.stream().map(month -> month.getOrDefault(figure, 0)).toList();
    }

    /** A figure as people read it: thousands grouped, whole numbers without decimals, pounds to one decimal. */
    public String format(Object figure) {
        if (!(figure instanceof Number number)) {
            return figure == null ? "0" : figure.toString();
        }
        BigDecimal value = new BigDecimal(number.toString()).stripTrailingZeros();
        DecimalFormat format = new DecimalFormat(
                value.scale() <= 0 ? "#,##0" : "#,##0.0#", DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(value);
    }

    public List<Object> months() {
        return byMonth.stream().map(month -> month.get("month")).toList();
    }
}
