package taskforce.notification.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where webhooks may go: {@code https} only, to hosts that resolve to public addresses only. A subscription must
 * not turn the service into a proxy into the network it runs in (server-side request forgery, OWASP API7):
 * loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local IPv6,
 * multicast and unspecified addresses are refused. The local profile allows loopback and plain http, so the
 * demo's receivers on the laptop work. Checked when a subscription is made and again before every send, since
 * what a name resolves to can change.
 */
public final class WebhookTargetPolicy {

    /** Resolves a host name; a seam so that tests need no DNS. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

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

    /** Why the target is refused, or empty when it may be called. */
    public Optional<String> refusal(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase();
        if (requireHttps ? !scheme.equals("https") : !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an https URL");
        }
        String host = target.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            // reaches nothing now (an agency may subscribe before its DNS is live); checked again before every send
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = nonPublic(address);
            if (kind.isPresent() && !(allowLoopback && address.isLoopbackAddress())) {
                return Optional.of("resolves to " + address.getHostAddress() + ", a " + kind.get()
                        + " address; webhooks go to public addresses only");
            }
        }
        return Optional.empty();
    }

    static Optional<String> nonPublic(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240) {
                return Optional.of("reserved or shared");
            }
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return Optional.of("unique-local");
            }
            if (isIpv4Mapped(bytes)) {
                try {
                    InetAddress v4 = InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
                    return nonPublic(v4);
                } catch (UnknownHostException impossible) {
                    return Optional.of("malformed");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
