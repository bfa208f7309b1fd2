package taskforce.notification.delivery;

import java.util.List;
import java.util.Optional;

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (and multicast, reserved and documentation space), as
 * prefixes. Webhooks go to none of them.
 */
final class SpecialPurposeRanges {

    private record Range(int[] prefix, int bits, String kind) {

        boolean contains(byte[] address) {
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if ((address[i] & 0xff) != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    private static Range v4(String kind, int bits, int... prefix) {
        return new Range(prefix, bits, kind);
    }

    /** IPv6 prefixes given as 16-bit groups, like {@code 2001:db8::} = {@code 0x2001, 0x0db8}. */
    private static Range v6(String kind, int bits, int... groups) {
        int[] prefix = new int[16];
        for (int i = 0; i < groups.length; i++) {
            prefix[2 * i] = groups[i] >> 8;
            prefix[2 * i + 1] = groups[i] & 0xff;
        }
        return new Range(prefix, bits, kind);
    }

    private static final List<Range> IPV4 = List.of(
            v4("unspecified or \"this network\"", 8, 0),
            v4("private", 8, 10),
            v4("shared address space (carrier-grade NAT)", 10, 100, 64),
            v4("loopback", 8, 127),
            v4("link-local (cloud metadata)", 16, 169, 254),
            v4("private", 12, 172, 16),
            v4("IETF protocol assignment", 24, 192, 0, 0),
            v4("documentation", 24, 192, 0, 2),
            v4("AMT", 24, 192, 52, 193),
            v4("6to4 relay anycast", 24, 192, 88, 99),
            v4("private", 16, 192, 168),
            v4("AS112", 24, 192, 31, 196),
            v4("AS112", 24, 192, 175, 48),
            v4("benchmarking", 15, 198, 18),
            v4("documentation", 24, 198, 51, 100),
            v4("documentation", 24, 203, 0, 113),
            v4("multicast", 4, 224),
            v4("reserved or broadcast", 4, 240));

    private static final List<Range> IPV6 = List.of(
            v6("unspecified", 128),
            v6("loopback", 128, 0, 0, 0, 0, 0, 0, 0, 1),
            v6("IPv4-compatible (deprecated)", 96),
            v6("local-use NAT64", 48, 0x64, 0xff9b, 1),
            v6("discard-only", 64, 0x100),
            v6("Teredo", 32, 0x2001, 0),
            v6("IETF protocol assignment", 23, 0x2001, 0),
            v6("documentation", 32, 0x2001, 0x0db8),
            v6("documentation", 20, 0x3fff),
            v6("unique-local", 7, 0xfc00),
            v6("link-local", 10, 0xfe80),
            v6("site-local (deprecated)", 10, 0xfec0),
            v6("multicast", 8, 0xff00));

    private static final Range GLOBAL_UNICAST = v6("global unicast", 3, 0x2000);
    private static final Range MAPPED = v6("IPv4-mapped", 96, 0, 0, 0, 0, 0, 0xffff);
    private static final Range COMPATIBLE = v6("IPv4-compatible", 96);
    private static final Range NAT64 = v6("NAT64", 96, 0x64, 0xff9b);
    private static final Range SIX_TO_FOUR = v6("6to4", 16, 0x2002);

    private SpecialPurposeRanges() {}

    static Optional<String> ipv4(byte[] address) {
        return IPV4.stream()
                .filter(range -> range.contains(address))
                .map(Range::kind)
                .findFirst();
    }

    static Optional<String> ipv6(byte[] address) {
        Optional<String> special = IPV6.stream()
                .filter(range -> range.contains(address))
                .map(Range::kind)
                .findFirst();
        if (special.isPresent()) {
            return special;
        }
        return GLOBAL_UNICAST.contains(address) ? Optional.empty() : Optional.of("reserved IPv6");
    }

    /**
     * The IPv4 address an IPv6 one leads to: IPv4-mapped and IPv4-compatible (the last four bytes, except {@code ::}
     * and {@code ::1}), NAT64 (the last four), 6to4 (bytes 2 to 5).
     */
    static Optional<byte[]> embeddedIpv4(byte[] address) {
        if (MAPPED.contains(address) || NAT64.contains(address)) {
            return Optional.of(WebhookTargetPolicy.copy(address, 12, 16));
        }
        if (COMPATIBLE.contains(address)
                && !IPV6.get(0).contains(address)
                && !IPV6.get(1).contains(address)) {
            return Optional.of(WebhookTargetPolicy.copy(address, 12, 16));
        }
        if (SIX_TO_FOUR.contains(address)) {
            return Optional.of(WebhookTargetPolicy.copy(address, 2, 6));
        }
        return Optional.empty();
    }

    static boolean isIpv4Compatible(byte[] address) {
        return COMPATIBLE.contains(address);
    }

    static String embeddingOf(byte[] address) {
        for (Range range : List.of(MAPPED, NAT64, SIX_TO_FOUR, COMPATIBLE)) {
            if (range.contains(address)) {
                return range.kind();
            }
        }
        return "IPv6";
    }
}
