package taskforce.notification;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class NotificationApplication {

    public static final String NAME = "notification-service";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(NotificationApplication.class).properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The one time of the service: what notifications are stamped with and agreements are judged by. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
