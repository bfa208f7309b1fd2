package taskforce.console;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One client per service, each adding the signed-in user's access token to every call. The authorized-client
 * manager refreshes an expired token with the refresh token before the call, so a long session keeps working.
 */
@Configuration(proxyBeanMethods = false)
class Services {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {};
    static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {};

    /** Named clients, so a controller asks for the service it means. */
    record Clients(RestClient intake, RestClient cases, RestClient notifications) {}

    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager =
                new DefaultOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken()
                .build());
        return manager;
    }

    @Bean
    Clients serviceClients(ConsoleProperties properties, OAuth2AuthorizedClientManager authorizedClients) {
        OAuth2ClientHttpRequestInterceptor withUserToken = new OAuth2ClientHttpRequestInterceptor(authorizedClients);
        withUserToken.setClientRegistrationIdResolver(request -> SecurityConfiguration.REGISTRATION);
        return new Clients(
                client(properties.intakeUrl(), withUserToken),
                client(properties.casesUrl(), withUserToken),
                client(properties.notificationsUrl(), withUserToken));
    }

    private static RestClient client(String baseUrl, OAuth2ClientHttpRequestInterceptor withUserToken) {
        return RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(new JdkClientHttpRequestFactory())
                .requestInterceptor(withUserToken)
                .requestInterceptor(Services::withPersonsAddress)
                .build();
    }

    /**
     * The services record who did what from which address; behind the console that is the person's address, not
     * the console's. It replaces whatever the browser sent in the header, and the services believe it only from
     * tokens issued to the console.
     */
    static ClientHttpResponse withPersonsAddress(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current) {
            request.getHeaders().set(FORWARDED_FOR, current.getRequest().getRemoteAddr());
        }
        return execution.execute(request, body);
    }

    /**
     * Carries a service's refusal across a form's redirect: its title and summary ({@link FlashedRefusal}, since the
     * flash travels in the session, which lives in the store) and its messages by field, each under {@code
     * fieldPrefix} (empty, or {@code form.} where forms on one page share field names).
     */
    static void flashRefusal(RedirectAttributes redirect, RestClientResponseException refused, String fieldPrefix) {
        ServiceProblem problem = problem(refused);
        Map<String, String> errors = new LinkedHashMap<>();
        problem.fieldErrors().forEach((field, message) -> errors.put(fieldPrefix + field, message));
        redirect.addFlashAttribute("problem", FlashedRefusal.of(problem));
        redirect.addFlashAttribute("errors", errors);
    }

    /**
     * A service's refusal as a page shows it: one message per field the service named ({@code errors[].field} or
     * {@code field}) and the problem's title and detail, or the HTTP status where the body is not problem details.
     */
    static ServiceProblem problem(RestClientResponseException refusal) {
        Map<String, Object> body = body(refusal);
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                if (error instanceof Map<?, ?> entry && entry.get("field") != null) {
                    fields.putIfAbsent(String.valueOf(entry.get("field")), String.valueOf(entry.get("message")));
                }
            }
        }
        Object detail = body.get("detail");
        if (body.get("field") instanceof String field && !fields.containsKey(field)) {
            fields.put(field, detail == null ? "is not accepted" : String.valueOf(detail));
        }
        Object title = body.get("title");
        return new ServiceProblem(
                refusal.getStatusCode().value(),
                title == null ? refusal.getStatusText() : String.valueOf(title),
                detail == null ? refusal.getStatusText() : String.valueOf(detail),
                fields);
    }

    /**
     * A refusal's body as JSON (problem details and whatever members the service adds, as a purged case's
     * tombstone), or empty where it is none.
     */
    static Map<String, Object> body(RestClientResponseException refusal) {
        try {
            Map<String, Object> body = refusal.getResponseBodyAs(OBJECT);
            return body == null ? Map.of() : body;
        } catch (RuntimeException notJson) {
            return Map.of();
        }
    }
}
