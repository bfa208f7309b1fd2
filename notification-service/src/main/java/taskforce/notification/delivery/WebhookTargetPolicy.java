package taskforce.notification.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may go: {@code https} only, to hosts whose every address is public. A subscription must not turn
 * the service into a proxy into the network it runs in (server-side request forgery, OWASP API7), so every range
 * of the IANA IPv4 and IPv6 Special-Purpose Address Registries is refused (loopback, private, shared address space,
 * link-local and cloud metadata, benchmarking, documentation, multicast, reserved, unique-local, discard, the IETF
 * protocol assignments with Teredo), and every IPv6 address outside global unicast {@code 2000::/3}; addresses that
 * embed an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) are judged by
 * the IPv4 address they lead to.
 *
 * <p>The name is resolved once per send, and the sender connects to the very addresses that were checked
 * ({@link #check}), so an answer that changes between check and connect (DNS rebinding) cannot steer the call. A
 * refusal of a name never says what it resolves to: that would make the service a DNS oracle into its own network.
 * The local profile allows loopback and plain http, so the demo's receivers on the laptop work.
 */
public final class WebhookTargetPolicy {

    /** Resolves a host name; a seam so that tests need no DNS. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The outcome of a check: a refusal, or the addresses the host resolved to, all of them allowed (none if the
     * name does not resolve now, which only a send minds).
     */
    public record Target(Optional<String> refusal, List<InetAddress> addresses) {

        static Target refused(String why) {
            return new Target(Optional.of(why), List.of());
        }
    }

    static final String NOT_PUBLIC = "; webhooks go to public addresses only";

    private final boolean requireHttps;
    private final boolean allowLoopback;
    private final Resolver resolver;

    public WebhookTargetPolicy(boolean requireHttps, boolean allowLoopback, Resolver resolver) {
        this.requireHttps = requireHttps;
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    public WebhookTargetPolicy(boolean requireHttps, boolean allowLoopback) {
        this(requireHttps, allowLoopback, InetAddress::getAllByName);
    }

    /** Why the target is refused, or empty when it may be called (a name that does not resolve yet may). */
    public Optional<String> refusal(URI target) {
        return check(target).refusal();
    }

    /** Checks the target and says which addresses a send may connect to. */
    public Target check(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (requireHttps ? !scheme.equals("https") : !(scheme.equals("https") || scheme.equals("http"))) {
            return Target.refused("must be an https URL");
        }
        String host = target.getHost();
        if (host == null || host.isBlank()) {
            return Target.refused("must name a host");
        }
        boolean literal = host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            // reaches nothing now (an agency may subscribe before its DNS is live); checked again before every send
            return new Target(Optional.empty(), List.of());
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = specialPurpose(address);
            if (kind.isPresent() && !(allowLoopback && isLoopback(address))) {
                return Target.refused(
                        literal
                                ? "is a " + kind.get() + " address" + NOT_PUBLIC
                                // the caller may not learn what the name resolves to, nor of which kind it is
                                : "resolves to an address that is not public" + NOT_PUBLIC);
            }
        }
        return new Target(Optional.empty(), List.of(addresses));
    }

    private static boolean isLoopback(InetAddress address) {
        return specialPurpose(address).filter(kind -> kind.equals("loopback")).isPresent();
    }

    /** The special-purpose range the address belongs to, or empty for a public unicast address. */
    static Optional<String> specialPurpose(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return SpecialPurposeRanges.ipv4(bytes);
        }
        if (address instanceof Inet6Address) {
            Optional<byte[]> embedded = SpecialPurposeRanges.embeddedIpv4(bytes);
            if (embedded.isPresent()) {
                Optional<String> kind = SpecialPurposeRanges.ipv4(embedded.get());
                if (kind.isPresent()) {
                    return Optional.of(kind.get() + " (embedded in " + SpecialPurposeRanges.embeddingOf(bytes) + ")");
                }
                if (!SpecialPurposeRanges.isIpv4Compatible(bytes)) {
                    // a public IPv4 address behind NAT64 or 6to4, or mapped, is as public as itself
                    return Optional.empty();
                }
            }
            return SpecialPurposeRanges.ipv6(bytes);
        }
        return Optional.of("unknown kind of");
    }

    static byte[] copy(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }
}
