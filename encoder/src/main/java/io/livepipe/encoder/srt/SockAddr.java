package io.livepipe.encoder.srt;

import com.sun.jna.Pointer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code struct sockaddr_in} / {@code sockaddr_in6} as Linux lays them out, to and from Java's addresses. */
final class SockAddr {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SIZE = 28;

    private SockAddr() { }

    static byte[] encode(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] b = new byte[ip.length == 4 ? 16 : 28];
        int family = ip.length == 4 ? AF_INET : AF_INET6;
        b[0] = (byte) family; // sa_family_t in host (little-endian) order
        b[1] = (byte) (family >>> 8);
        b[2] = (byte) (a.getPort() >>> 8);
        b[3] = (byte) a.getPort();
        System.arraycopy(ip, 0, b, ip.length == 4 ? 4 : 8, ip.length);
        return b;
    }

    static InetSocketAddress decode(byte[] b) {
        int family = (b[0] & 0xff) | (b[1] & 0xff) << 8;
        int port = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        try {
            if (family == AF_INET) return new InetSocketAddress(Inet4Address.getByAddress(java.util.Arrays.copyOfRange(b, 4, 8)), port);
            if (family == AF_INET6) return new InetSocketAddress(Inet6Address.getByAddress(java.util.Arrays.copyOfRange(b, 8, 24)), port);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    static InetSocketAddress decode(Pointer p) {
        return decode(p.getByteArray(0, (p.getShort(0) & 0xffff) == AF_INET ? 16 : SIZE));
    }
}
