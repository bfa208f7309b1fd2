package taskforce.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Authorization Server seeded from the demo directory. Users sign in with the authorization code flow and
 * PKCE (the console, or {@code token.sh} from a shell); agency systems use client credentials. Every access
 * token carries the claims the services authorise with.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfiguration {

    /** The public client a shell uses (token.sh): authorization code with PKCE, nothing secret to leak. */
    public static final String CLI_CLIENT = "taskforce-cli";

    public static final String CLI_REDIRECT = "http://127.0.0.1/callback";
    public static final String CONSOLE_CLIENT = "taskforce-console";
    static final String AGENCY_CLAIM_SETTING = "taskforce.agency-id";

    /** One chain: the protocol endpoints, the sign-in form they send people to, and an open health endpoint. */
    @Bean
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> server.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    DemoDirectory demoDirectory(@Value("${taskforce.identity.directory:classpath:demo-directory.json}") Resource file) {
        try (InputStream in = file.getInputStream()) {
            return DemoDirectory.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo directory " + file, e);
        }
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Every demo user has the same password: this provider exists for laptops and tests only. */
    @Bean
    UserDetailsService users(
            DemoDirectory directory,
            PasswordEncoder encoder,
            @Value("${taskforce.identity.demo-password:demo}") String password) {
        String encoded = encoder.encode(password);
        return new InMemoryUserDetailsManager(directory.users().stream()
                .map(identity -> User.withUsername(identity.username())
                        .password(encoded)
                        .roles(identity.role())
                        .build())
                .toList());
    }

    @Bean
    RegisteredClientRepository clients(
            DemoDirectory directory,
            PasswordEncoder encoder,
            @Value("${taskforce.identity.token-lifetime:PT1H}") Duration tokenLifetime,
            @Value("${taskforce.identity.console-redirect-uri:http://localhost:8080/login/oauth2/code/taskforce}")
                    String consoleRedirect) {
        TokenSettings tokens =
                TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build();
        // people sign in with PKCE; the demo asks no consent, since every client here is the system's own
        ClientSettings signInWithoutConsent = ClientSettings.builder()
                .requireProofKey(true)
                .requireAuthorizationConsent(false)
                .build();
        List<RegisteredClient> clients = new ArrayList<>();
        clients.add(RegisteredClient.withId(CLI_CLIENT)
                .clientId(CLI_CLIENT)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(CLI_REDIRECT)
                .scope(OidcScopes.OPENID)
                .clientSettings(signInWithoutConsent)
                .tokenSettings(tokens)
                .build());
        clients.add(RegisteredClient.withId(CONSOLE_CLIENT)
                .clientId(CONSOLE_CLIENT)
                .clientSecret(encoder.encode("console-secret"))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(consoleRedirect)
                // signing out of the console ends the provider's session too, then returns to the console
                .postLogoutRedirectUri(consoleSignedOut(consoleRedirect))
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(signInWithoutConsent)
                .tokenSettings(tokens)
                .build());
        for (String agency : directory.agencies()) {
            String clientId = DemoDirectory.systemClientOf(agency);
            clients.add(RegisteredClient.withId(clientId)
                    .clientId(clientId)
                    .clientSecret(encoder.encode(agency + "-secret"))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .clientSettings(ClientSettings.builder()
                            .setting(AGENCY_CLAIM_SETTING, agency)
                            .build())
                    .tokenSettings(tokens)
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    /** The console's page after signing out, on the same origin as its sign-in redirect. */
    static String consoleSignedOut(String consoleRedirect) {
        URI redirect = URI.create(consoleRedirect);
        return redirect.getScheme() + "://" + redirect.getRawAuthority() + "/signed-out";
    }

    /**
     * Access tokens are addressed to the services' API ({@code taskforce.identity.api-audience}, which the services
     * check as {@code taskforce.security.audience}) instead of the client that asked for them, which they name in
     * {@code client_id}; ID tokens stay
     * addressed to their client, as OpenID Connect has it, so they are refused as bearer tokens.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> taskForceClaims(
            DemoDirectory directory, @Value("${taskforce.identity.api-audience:taskforce-api}") String apiAudience) {
        return context -> {
            boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
            boolean idToken =
                    OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
            if (!accessToken && !idToken) {
                return;
            }
            if (accessToken) {
                // client_id (RFC 9068) tells the services which client acts, e.g. that the console speaks for a person
                context.getClaims()
                        .audience(List.of(apiAudience))
                        .claim("client_id", context.getRegisteredClient().getClientId());
            }
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                String agency =
                        context.getRegisteredClient().getClientSettings().getSetting(AGENCY_CLAIM_SETTING);
                if (agency != null) {
                    context.getClaims().claim("roles", List.of("AGENCY_SYSTEM")).claim("agency_id", agency);
                }
                return;
            }
            directory.user(context.getPrincipal().getName()).ifPresent(identity -> {
                context.getClaims().claim("roles", List.of(identity.role())).claim("name", identity.displayName());
                if (identity.agencyId() != null) {
                    context.getClaims().claim("agency_id", identity.agencyId());
                }
                if (identity.memberId() != null) {
                    context.getClaims()
                            .claim("member_id", identity.memberId())
                            .claim("task_force_ids", identity.taskForceIds());
                }
            });
        };
    }

    /** A key per start: services fetch the key set again when they meet a token signed with a key they lack. */
    @Bean
    JWKSource<SecurityContext> signingKeys() {
        KeyPair keys;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every JDK", e);
        }
        RSAKey key = new RSAKey.Builder((RSAPublicKey) keys.getPublic())
                .privateKey((RSAPrivateKey) keys.getPrivate())
                .keyID(UUID.randomUUID().toString())
                .build();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /**
     * The issuer the services are configured with must equal the tokens' {@code iss}. Without {@code
     * taskforce.identity.issuer} the provider names itself after the address it is called at, which suits tests on
     * random ports; the local stack sets it so that tokens fetched through any host name stay valid.
     */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${taskforce.identity.issuer:}") String issuer) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (!issuer.isBlank()) {
            settings.issuer(issuer);
        }
        return settings.build();
    }
}
