package taskforce.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetPolicyTest {

    /** Names resolve as configured here, so the test needs no DNS. */
    private static WebhookTargetPolicy.Resolver resolving(String name, String... addresses) {
        return host -> {
            if (!host.equals(name)) {
                return InetAddress.getAllByName(host); // literals only: no lookup
            }
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
            }
            return resolved;
        };
    }

    private final WebhookTargetPolicy strict =
            new WebhookTargetPolicy(true, false, resolving("hooks.agency.example", "93.184.216.34"));

    @Nested
    class InProduction {

        @ParameterizedTest(name = "{0} is refused")
        @ValueSource(
                strings = {
                    "https://127.0.0.1/hook",
                    "https://[::1]/hook",
                    "https://10.0.0.5/hook",
                    "https://172.16.4.1/hook",
                    "https://192.168.1.20/hook",
                    "https://169.254.169.254/latest/meta-data",
                    "https://[fe80::1]/hook",
                    "https://[fd12:3456::1]/hook",
                    "https://100.64.0.1/hook",
                    "https://0.0.0.0/hook",
                    "https://0.1.2.3/hook",
                    "https://[::ffff:10.0.0.5]/hook",
                    "https://[::ffff:169.254.169.254]/hook",
                    "https://224.0.0.1/hook",
                    "https://239.255.255.250/hook",
                    "https://240.0.0.1/hook",
                    "https://255.255.255.255/hook",
                    // issue 13, item 9: each of these was accepted
                    "https://[::a9fe:a9fe]/hook",
                    "https://[::127.0.0.1]/hook",
                    "https://[::8.8.8.8]/hook",
                    "https://[64:ff9b::a9fe:a9fe]/hook",
                    "https://[64:ff9b::10.0.0.1]/hook",
                    "https://[64:ff9b:1::a9fe:a9fe]/hook",
                    "https://[2002:a9fe:a9fe::]/hook",
                    "https://[2002:7f00:1::1]/hook",
                    "https://198.18.0.1/hook",
                    "https://198.19.255.254/hook",
                    // Teredo, the IETF's protocol assignments, documentation and discard ranges
                    "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
                    "https://[2001:2::1]/hook",
                    "https://[2001:db8::1]/hook",
                    "https://[3fff::1]/hook",
                    "https://[100::1]/hook",
                    "https://[fec0::1]/hook",
                    "https://[ff02::1]/hook",
                    "https://192.0.0.8/hook",
                    "https://192.0.2.1/hook",
                    "https://198.51.100.7/hook",
                    "https://203.0.113.9/hook",
                    "https://192.88.99.1/hook",
                    "https://192.31.196.1/hook",
                    "https://192.52.193.1/hook",
                    "https://192.175.48.1/hook",
                    "https://[5f00::1]/hook"
                })
        void refusesEverySpecialPurposeAddress(String target) {
            assertThat(strict.refusal(URI.create(target)))
                    .hasValueSatisfying(reason -> assertThat(reason).contains("public addresses only"));
        }

        @Test
        void namesTheKindOfALiteralAddressAndTheIpv4AddressItEmbeds() {
            assertThat(strict.refusal(URI.create("https://[64:ff9b::a9fe:a9fe]/hook")))
                    .hasValue("is a link-local (cloud metadata) (embedded in NAT64) address; webhooks go to public"
                            + " addresses only");
            assertThat(strict.refusal(URI.create("https://198.18.0.1/hook")))
                    .hasValue("is a benchmarking address; webhooks go to public addresses only");
        }

        @Test
        void refusesANameThatResolvesToAPrivateAddressAmongPublicOnesWithoutSayingWhatItResolvesTo() {
            WebhookTargetPolicy policy =
                    new WebhookTargetPolicy(true, false, resolving("rebind.example", "93.184.216.34", "10.1.2.3"));
            assertThat(policy.refusal(URI.create("https://rebind.example/hook")))
                    .hasValue("resolves to an address that is not public; webhooks go to public addresses only");
        }

        @Test
        void givesTheSenderTheAddressesItChecked() {
            WebhookTargetPolicy policy =
                    new WebhookTargetPolicy(true, false, resolving("hooks.agency.example", "93.184.216.34"));
            assertThat(policy.check(URI.create("https://hooks.agency.example/hook"))
                            .addresses())
                    .extracting(InetAddress::getHostAddress)
                    .containsExactly("93.184.216.34");
        }

        @Test
        void refusesPlainHttp() {
            assertThat(strict.refusal(URI.create("http://hooks.agency.example/hook")))
                    .hasValue("must be an https URL");
        }

        @Test
        void letsANameThatDoesNotResolveYetPassToBeCheckedAgainWhenSent() {
            WebhookTargetPolicy policy = new WebhookTargetPolicy(true, false, host -> {
                throw new UnknownHostException(host);
            });
            assertThat(policy.refusal(URI.create("https://hooks.new-agency.example/hook")))
                    .isEmpty();
        }

        @ParameterizedTest(name = "{0} is allowed")
        @ValueSource(
                strings = {
                    "https://hooks.agency.example/hook",
                    "https://8.8.8.8/hook",
                    "https://[2001:4860:4860::8888]/hook",
                    "https://[64:ff9b::808:808]/hook",
                    "https://[2002:808:808::1]/hook",
                    "https://198.20.0.1/hook",
                    "https://100.128.0.1/hook"
                })
        void allowsHttpsToPublicAddresses(String target) {
            assertThat(strict.refusal(URI.create(target))).isEmpty();
        }
    }

    @Nested
    class OnTheLaptop {

        private final WebhookTargetPolicy local = new WebhookTargetPolicy(false, true);

        @Test
        void allowsLoopbackOverHttp() {
            assertThat(local.refusal(URI.create("http://127.0.0.1:9999/hook"))).isEmpty();
            assertThat(local.refusal(URI.create("http://localhost:9999/hook"))).isEmpty();
        }

        @Test
        void stillRefusesPrivateAndMetadataAddresses() {
            assertThat(local.refusal(URI.create("http://169.254.169.254/latest")))
                    .isPresent();
            assertThat(local.refusal(URI.create("http://192.168.0.10/hook"))).isPresent();
        }
    }
}
