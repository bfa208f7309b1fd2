package taskforce.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the services are; the console is configured with their base URLs, nothing else. */
@ConfigurationProperties("taskforce.console")
public record ConsoleProperties(String issuer, String intakeUrl, String casesUrl, String notificationsUrl) {}
