package taskforce.console;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The web console: people sign in here and work through the services with their own token. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static final String NAME = "console";

    /** The pages' "12 minutes ago" is counted from this clock, so tests can hold time still. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ConsoleApplication.class).properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
