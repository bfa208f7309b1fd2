package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ResultsReportTest {

    /** case-service's answer, in the shape its results endpoint has (two months shown of twelve). */
    static final String SAMPLE = """
            {"fiscalYear":2026,"from":"2025-10-01","to":"2026-09-30","taskForceId":null,"program":null,
             "rows":[{"taskForceId":"best-houston","taskForceName":"BEST, \\"Houston\\"","program":"BEST","arrests":3,
                      "firearmsSeized":2,"currencySeizedUsd":1500.5,"narcoticsSeizedLb":4.25,"victimsIdentified":0,
                      "indictments":1,"convictions":0,"removals":0,"casesOpened":5,"casesClosed":2}],
             "totals":{"arrests":3,"firearmsSeized":2,"currencySeizedUsd":1500.5,"narcoticsSeizedLb":4.25,
                       "victimsIdentified":0,"indictments":1,"convictions":0,"removals":0,"casesOpened":5,"casesClosed":2},
             "byMonth":[{"month":"2025-10","arrests":1},{"month":"2025-11","arrests":2}]}
            """;

    static ResultsReport sample() {
        Map<String, Object> json = JsonMapper.builder().build().readValue(SAMPLE, new TypeReference<>() {});
        return ResultsReport.of(json);
    }

    @Test
    void writesOneLinePerTaskForceAndProgramThenTheTotalsQuotingWhatNeedsIt() {
        String[] lines = sample().toCsv().split("\r\n");

        assertThat(lines)
                .containsExactly(
                        "taskForceId,taskForceName,program,arrests,firearmsSeized,currencySeizedUsd,narcoticsSeizedLb,"
                                + "victimsIdentified,indictments,convictions,removals,casesOpened,casesClosed",
                        "best-houston,\"BEST, \"\"Houston\"\"\",BEST,3,2,1500.5,4.25,0,1,0,0,5,2",
                        "TOTAL,,,3,2,1500.5,4.25,0,1,0,0,5,2");
    }

    @Test
    void givesAChartItsMonthsAndFiguresInOrder() {
        ResultsReport report = sample();

        assertThat(report.months()).containsExactly("2025-10", "2025-11");
        assertThat(report.monthly("arrests")).containsExactly(1, 2);
    }

    @Test
    void showsFiguresAsPeopleReadThem() {
        ResultsReport report = sample();

        assertThat(report.format(1942378.0)).isEqualTo("1,942,378");
        assertThat(report.format(766.8)).isEqualTo("766.8");
        assertThat(report.format(12)).isEqualTo("12");
        assertThat(report.format(null)).isEqualTo("0");
    }
}
