package dev.community.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), or one address (a {@code /32} or
 * {@code /128}): an entry of {@code server.trusted_proxies}. Only IP literals are accepted, so reading the
 * configuration never triggers a name lookup.
 *
 * @param network      the block's first address (host bits cleared)
 * @param prefixLength how many leading bits every address of the block shares
 */
public record AddressBlock(InetAddress network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public AddressBlock {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits);
        }
        network = masked(network, prefixLength);
    }

    /**
     * @param text an IP literal, optionally followed by {@code /prefix}
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static AddressBlock parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        InetAddress parsed = literal(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block"));
        int bits = parsed.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bits);
            }
        }
        return new AddressBlock(parsed, prefix);
    }

    /** An IPv4 or IPv6 literal as an address, without any name lookup; empty for anything else. */
    public static java.util.Optional<InetAddress> literal(String text) {
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        boolean v4 = IPV4.matcher(value).matches();
        if (!v4 && !IPV6.matcher(value).matches()) {
            return java.util.Optional.empty();
        }
        if (v4) {
            for (String part : value.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return java.util.Optional.empty();
                }
            }
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether {@code address} lies in this block (an IPv4 address never lies in an IPv6 block, and the reverse). */
    public boolean contains(InetAddress address) {
        if ((address instanceof Inet4Address) != (network instanceof Inet4Address)) {
            return false;
        }
        return masked(address, prefixLength).equals(network);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
