package taskforce.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;

/**
 * The provider as the services and a shell meet it: tokens fetched over HTTP with the authorization code flow
 * (PKCE, the provider's login form) and with client credentials, verified through the issuer's published keys
 * exactly as a resource server configured with {@code issuer-uri} verifies them.
 */
@SpringBootTest(
        classes = IdentityApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + IdentityApplication.NAME,
            "taskforce.identity.directory=file:../case-service/src/main/resources/demo-directory.json"
        })
class IdentityProviderTest {

    @LocalServerPort
    int port;

    private DemoTokenClient tokens;
    private JwtDecoder resourceServer;

    @BeforeEach
    void connect() {
        String issuer = "http://localhost:" + port;
        tokens = new DemoTokenClient(issuer);
        resourceServer = JwtDecoders.fromIssuerLocation(issuer);
    }

    @Nested
    class Users {

        @Test
        void aMemberSignsInAndGetsTheirAgencyMemberIdRoleAndTaskForces() {
            Jwt token = resourceServer.decode(tokens.forUser("hpd-officer-garza", "demo"));
            assertThat(token.getSubject()).isEqualTo("hpd-officer-garza");
            assertThat(token.getClaimAsStringList("roles")).containsExactly("MEMBER");
            assertThat(token.getClaimAsString("agency_id")).isEqualTo("houston-pd");
            assertThat(token.getClaimAsString("member_id")).isEqualTo("hpd-officer-garza");
            assertThat(token.getClaimAsStringList("task_force_ids")).containsExactly("best-houston");
            assertThat(token.getIssuer()).hasToString("http://localhost:" + port);
        }

        @Test
        void aCoordinatorIsACoordinator() {
            Jwt token = resourceServer.decode(tokens.forUser("best-coordinator-ramirez", "demo"));
            assertThat(token.getClaimAsStringList("roles")).containsExactly("COORDINATOR");
        }

        @Test
        void everyAgencyHasAnAdministratorWithoutMemberClaims() {
            Jwt token = resourceServer.decode(tokens.forUser("houston-pd-admin", "demo"));
            assertThat(token.getClaimAsStringList("roles")).containsExactly("AGENCY_ADMIN");
            assertThat(token.getClaimAsString("agency_id")).isEqualTo("houston-pd");
            assertThat(token.hasClaim("member_id")).isFalse();
        }

        @Test
        void theSystemAdministratorBelongsToNoAgency() {
            Jwt token = resourceServer.decode(tokens.forUser("admin", "demo"));
            assertThat(token.getClaimAsStringList("roles")).containsExactly("ADMIN");
            assertThat(token.hasClaim("agency_id")).isFalse();
        }

        @Test
        void accessTokensAreAddressedToTheApiAndIdTokensToTheClientOnly() {
            Jwt access = resourceServer.decode(tokens.forUser("hpd-officer-garza", "demo"));
            Jwt id = resourceServer.decode(tokens.idTokenForUser("hpd-officer-garza", "demo"));

            assertThat(access.getAudience()).containsExactly("taskforce-api");
            assertThat(access.getClaimAsString("client_id")).isEqualTo(AuthorizationServerConfiguration.CLI_CLIENT);
            assertThat(id.getAudience())
                    .containsExactly(AuthorizationServerConfiguration.CLI_CLIENT)
                    .doesNotContain("taskforce-api");
        }

        @Test
        void theOperatorRunsTheSystemWithoutAgencyOrMemberClaims() {
            Jwt token = resourceServer.decode(tokens.forUser("operator", "demo"));
            assertThat(token.getClaimAsStringList("roles")).containsExactly("OPERATOR");
            assertThat(token.hasClaim("agency_id")).isFalse();
            assertThat(token.hasClaim("member_id")).isFalse();
        }

        @Test
        void aWrongPasswordGetsNoToken() {
            assertThatThrownBy(() -> tokens.forUser("hpd-officer-garza", "not-the-password"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anUnknownUserGetsNoToken() {
            assertThatThrownBy(() -> tokens.forUser("nobody", "demo")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class AgencySystems {

        @Test
        void getATokenForTheirAgencyWithClientCredentials() {
            Jwt token = resourceServer.decode(tokens.forAgencySystem("dallas-pd"));
            assertThat(token.getSubject()).isEqualTo("dallas-pd-system");
            assertThat(token.getClaimAsStringList("roles")).containsExactly("AGENCY_SYSTEM");
            assertThat(token.getClaimAsString("agency_id")).isEqualTo("dallas-pd");
            assertThat(token.getAudience()).containsExactly("taskforce-api");
        }

        @Test
        void anUnknownAgencyHasNoClient() {
            assertThatThrownBy(() -> tokens.forAgencySystem("no-such-agency"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("401");
        }
    }
}
