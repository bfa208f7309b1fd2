package taskforce.intake;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

/** Receives agencies' leads, validates and stores them once, and reports what triage made of them. */
@SpringBootApplication
public class IntakeServiceApplication {

    public static final String NAME = "intake-service";
    /** The CloudEvent {@code source} of every event this service publishes. */
    public static final String SOURCE = "/" + NAME;

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IntakeServiceApplication.class).properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
