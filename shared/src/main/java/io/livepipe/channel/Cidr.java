package io.livepipe.channel;

import io.livepipe.http.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32});
 * a bare address is a range of one. Parsed without DNS: only literal addresses are accepted.
 */
public record Cidr(byte[] network, int prefixLength) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public static Cidr parse(String text) {
        if (text == null) throw Refusal.badRequest("IP range missing");
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!LITERAL.matcher(addr).matches() || (!addr.contains(".") && !addr.contains(":"))) {
            throw Refusal.badRequest("not an IP address or CIDR range: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw Refusal.badRequest("not an IP address or CIDR range: " + text);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw Refusal.badRequest("bad prefix length in " + text);
            }
            if (prefix < 0 || prefix > bits) throw Refusal.badRequest("prefix length out of range in " + text);
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
                a = java.util.Arrays.copyOfRange(a, 12, 16);
            } else {
                return false;
            }
        }
        return java.util.Arrays.equals(mask(a, prefixLength), network);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(network) * 31 + prefixLength; }
}
