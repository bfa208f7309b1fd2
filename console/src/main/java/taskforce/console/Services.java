package taskforce.console;

import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * One client per service, each adding the signed-in user's access token to every call. The authorized-client
 * manager refreshes an expired token with the refresh token before the call, so a long session keeps working.
 */
@Configuration(proxyBeanMethods = false)
class Services {

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
                .build();
    }
}
