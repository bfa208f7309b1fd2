package taskforce.console;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import taskforce.contracts.cases.FiscalYear;

/** What the task forces achieved in a fiscal year: table, charts and a CSV of case-service's report. */
@Controller
class ResultsPages {

    private final Services.Clients services;
    private final Clock clock;

    ResultsPages(Services.Clients services, Clock clock) {
        this.services = services;
        this.clock = clock;
    }

    @GetMapping("/results")
    String results(
            @RequestParam(required = false) String taskForceId,
            @RequestParam(required = false) String program,
            @RequestParam(required = false) Integer fiscalYear,
            Model model) {
        int year = fiscalYear == null ? FiscalYear.containing(clock.instant()).year() : fiscalYear;
        model.addAttribute("taskForceId", taskForceId);
        model.addAttribute("program", program);
        model.addAttribute("fiscalYear", year);
        model.addAttribute("figures", ResultsReport.FIGURES);
        try {
            model.addAttribute(
                    "taskForces",
                    services.cases().get().uri("/api/task-forces").retrieve().body(Services.LIST));
            model.addAttribute(
                    "programs",
                    services.cases().get().uri("/api/programs").retrieve().body(Services.LIST));
        } catch (RestClientResponseException notAvailable) {
            model.addAttribute("taskForces", List.of());
            model.addAttribute("programs", List.of());
        }
        try {
            model.addAttribute("report", ResultsReport.of(fetch(taskForceId, program, year)));
        } catch (RestClientResponseException notAvailable) {
            model.addAttribute("problem", Services.problem(notAvailable));
        }
        return "results";
    }

    @GetMapping(path = "/results.csv")
    ResponseEntity<String> csv(
            @RequestParam(required = false) String taskForceId,
            @RequestParam(required = false) String program,
            @RequestParam(required = false) Integer fiscalYear) {
        int year = fiscalYear == null ? FiscalYear.containing(clock.instant()).year() : fiscalYear;
        ResultsReport report = ResultsReport.of(fetch(taskForceId, program, year));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"results-FY" + year + ".csv\"")
                .body(report.toCsv());
    }

    private Map<String, Object> fetch(String taskForceId, String program, int fiscalYear) {
        UriComponentsBuilder query =
                UriComponentsBuilder.fromPath("/api/reports/results").queryParam("fiscalYear", fiscalYear);
        if (taskForceId != null && !taskForceId.isBlank()) {
            query.queryParam("taskForceId", taskForceId);
        }
        if (program != null && !program.isBlank()) {
            query.queryParam("program", program);
        }
        return services.cases()
                .get()
                // encoded here and passed as a URI, so a value is never read as a template or as more parameters
                .uri(query.build().encode().toUri())
                .retrieve()
                .body(Services.OBJECT);
    }
}
