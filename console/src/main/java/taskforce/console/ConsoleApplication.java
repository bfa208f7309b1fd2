package taskforce.console;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The web console: people sign in here and work through the services with their own token. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static final String NAME = "console";

    /**
     * The pages' "12 minutes ago", and what is overdue, are counted from this clock; a test holds time still by
     * giving the console a clock of its own before it starts.
     */
    @Bean
    @ConditionalOnMissingBean
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
