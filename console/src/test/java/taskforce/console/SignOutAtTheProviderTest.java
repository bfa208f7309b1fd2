package taskforce.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

class SignOutAtTheProviderTest {

    static ClientRegistration signingInAt(String authorizationUri) {
        return ClientRegistration.withRegistrationId("taskforce")
                .clientId("taskforce-console")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .authorizationUri(authorizationUri)
                .tokenUri("http://identity:9000/oauth2/token")
                .build();
    }

    @Nested
    class TheBrowserIsSentToSignOut {

        @Test
        void whereItWasSentToSignInWhenTheProviderNamesItselfByAnInternalName() {
            assertThat(SignOutAtTheProvider.asTheBrowserReachesIt(
                            "http://identity:9000/connect/logout",
                            signingInAt("http://localhost:9000/oauth2/authorize")))
                    .isEqualTo("http://localhost:9000/connect/logout");
        }

        @Test
        void atTheProvidersOwnAddressWhenTheBrowserReachesItThere() {
            assertThat(SignOutAtTheProvider.asTheBrowserReachesIt(
                            "https://login.example.gov/connect/logout?tenant=tf",
                            signingInAt("https://login.example.gov/oauth2/authorize")))
                    .isEqualTo("https://login.example.gov/connect/logout?tenant=tf");
        }

        @Test
        void onTheSignInPortAndSchemeEvenWhereTheyDiffer() {
            assertThat(SignOutAtTheProvider.asTheBrowserReachesIt(
                            "http://identity:9000/connect/logout",
                            signingInAt("https://tf.example.gov/oauth2/authorize")))
                    .isEqualTo("https://tf.example.gov/connect/logout");
        }
    }
}
