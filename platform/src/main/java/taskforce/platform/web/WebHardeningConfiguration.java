package taskforce.platform.web;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every service's HTTP side refuses: bodies over {@code taskforce.web.max-body-size}, and cross-origin calls
 * from any origin but the console's ({@code taskforce.web.allowed-origins}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebHardeningConfiguration {

    @Bean
    FilterRegistrationBean<RequestHardeningFilter> requestHardeningFilter(
            @Value("${taskforce.web.max-body-size:1MB}") DataSize maxBodySize) {
        FilterRegistrationBean<RequestHardeningFilter> registration =
                new FilterRegistrationBean<>(new RequestHardeningFilter(maxBodySize.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    WebMvcConfigurer consoleOnlyCors(
            @Value("${taskforce.web.allowed-origins:http://localhost:8080}") List<String> allowedOrigins) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                registry.addMapping("/api/**")
                        .allowedOrigins(allowedOrigins.toArray(String[]::new))
                        .allowedMethods("GET", "POST", "PUT", "DELETE")
                        .allowedHeaders("Content-Type", "Idempotency-Key", "If-Match", "Authorization")
                        .exposedHeaders("Location", "ETag", "Retry-After");
            }
        };
    }
}
