package taskforce.cases;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/** Cases, triage of leads into cases, assignment, outcomes and the directory of agencies and task forces. */
@SpringBootApplication
public class CaseServiceApplication {

    public static final String NAME = "case-service";
    /** The CloudEvent source of every event this service emits. */
    public static final String SOURCE = "/" + NAME;

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CaseServiceApplication.class).properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The time commands on cases are stamped with and judged by ("not in the future"). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
