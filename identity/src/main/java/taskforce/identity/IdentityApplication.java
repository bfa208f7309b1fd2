package taskforce.identity;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The local stack's identity provider. Production configures the services with its own issuer instead. */
@SpringBootApplication
public class IdentityApplication {

    public static final String NAME = "identity";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IdentityApplication.class).properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
