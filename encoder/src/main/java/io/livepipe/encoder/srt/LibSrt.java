package io.livepipe.encoder.srt;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The part of libsrt's C API (srt.h, libsrt 1.5) the listener uses, bound with JNA's direct
 * mapping onto Debian's shared library: {@code libsrt.so.1.5} from {@code libsrt1.5-openssl}
 * (the name the brief knows as libsrt-openssl), else {@code libsrt-gnutls.so.1.5}. Loading is
 * attempted once; {@link #load()} says whether it worked, and nothing here may be called
 * otherwise. Constants are srt.h's and access_control.h's.
 */
final class LibSrt {
    private static final Logger LOG = Logger.getLogger(LibSrt.class.getName());
    static final List<String> LIBRARIES = List.of("libsrt.so.1.5", "libsrt-openssl.so.1.5", "libsrt-gnutls.so.1.5");

    static final int SRT_ERROR = -1;
    static final int SRT_INVALID_SOCK = -1;
    // SRT_SOCKOPT
    static final int SRTO_RCVSYN = 2;
    static final int SRTO_PASSPHRASE = 26;
    static final int SRTO_RCVKMSTATE = 41;
    static final int SRTO_RCVLATENCY = 43;
    static final int SRTO_TRANSTYPE = 50;
    static final int SRTO_ENFORCEDENCRYPTION = 53;
    static final int SRTT_LIVE = 0;
    // SRT_KM_STATE
    static final int KM_UNSECURED = 0;
    static final int KM_SECURED = 2;
    // epoll
    static final int EPOLL_IN = 0x1;
    static final int EPOLL_ERR = 0x8;
    // SRT_ERRNO: asynchronous read found nothing
    static final int EASYNCRCV = 6002;
    // access_control.h reject reasons a listener callback may set
    static final int REJX_BAD_REQUEST = 1400;
    static final int REJX_UNAUTHORIZED = 1401;
    static final int REJX_OVERLOAD = 1402;
    static final int REJX_FORBIDDEN = 1403;
    static final int REJX_NOTFOUND = 1404;
    static final int REJX_BAD_MODE = 1405;
    static final int REJX_CONFLICT = 1409;
    static final int REJX_DOWN = 1503;
    /** sizeof(struct CBytePerfMon) in libsrt 1.5.1 on x86-64 is 496; room to spare. */
    static final int PERF_SIZE = 1024;
    // offsetof(struct CBytePerfMon, ...) for libsrt 1.5 on LP64 (checked against srt.h with offsetof)
    static final int PERF_PKT_RECV_TOTAL = 16;
    static final int PERF_PKT_RCV_LOSS_TOTAL = 28;
    static final int PERF_PKT_RCV_DROP_TOTAL = 68;
    static final int PERF_BYTE_RECV_TOTAL = 88;
    static final int PERF_PKT_RCV_RETRANS = 164;
    static final int PERF_MBPS_RECV_RATE = 192;
    static final int PERF_MS_RTT = 328;
    static final int PERF_MS_RCV_TSBPD_DELAY = 392;

    /** syslog's LOG_ERR, as srt_setloglevel takes it. */
    static final int LOG_ERR = 3;

    private static Optional<String> loaded;

    private LibSrt() { }

    /** Binds the library once; the name it was found under, or empty (logged) if none is installed. */
    static synchronized Optional<String> load() {
        if (loaded != null) return loaded;
        loaded = Optional.empty();
        for (String name : LIBRARIES) {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(name);
                Native.register(LibSrt.class, lib);
                if (srt_startup() < 0) throw new IllegalStateException("srt_startup failed: " + srt_getlasterror_str());
                // libsrt's own lines (stderr) at errors only: its warnings repeat what our log says, per caller
                srt_setloglevel(LOG_ERR);
                loaded = Optional.of(name);
                String found = name;
                LOG.info(() -> "event=srt_library_loaded library=" + found + " version=0x" + Integer.toHexString(srt_getversion()));
                return loaded;
            } catch (UnsatisfiedLinkError | IllegalStateException e) {
                LOG.fine(() -> "event=srt_library_missing library=" + name + " error=" + e.getMessage());
            }
        }
        return loaded;
    }

    /** {@code srt_listen_callback_fn}: 0 accepts the handshake, -1 rejects it (with the reason set on {@code ns}). */
    interface ListenCallback extends Callback {
        int invoke(Pointer opaque, int ns, int hsVersion, Pointer peerAddress, String streamId);
    }

    static native int srt_startup();
    static native void srt_setloglevel(int level);
    static native int srt_getversion();
    static native int srt_create_socket();
    static native int srt_bind(int u, byte[] name, int nameLength);
    static native int srt_getsockname(int u, byte[] name, int[] nameLength);
    static native int srt_listen(int u, int backlog);
    static native int srt_listen_callback(int u, ListenCallback hook, Pointer opaque);
    static native int srt_accept(int u, byte[] address, int[] addressLength);
    static native int srt_setsockflag(int u, int option, byte[] value, int length);
    static native int srt_getsockflag(int u, int option, byte[] value, int[] length);
    static native int srt_setrejectreason(int u, int reason);
    static native int srt_recvmsg(int u, byte[] buffer, int length);
    static native int srt_bstats(int u, Pointer perf, int clear);
    static native int srt_close(int u);
    static native int srt_epoll_create();
    static native int srt_epoll_add_usock(int eid, int u, int[] events);
    static native int srt_epoll_remove_usock(int eid, int u);
    static native int srt_epoll_uwait(int eid, Pointer events, int size, long timeoutMs);
    static native int srt_epoll_release(int eid);
    static native int srt_getlasterror(Pointer errno);
    static native String srt_getlasterror_str();

    /** Sets an int option; false (with libsrt's error at hand) if it failed. */
    static boolean setInt(int u, int option, int value) {
        byte[] v = {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
        return srt_setsockflag(u, option, v, 4) == 0;
    }

    static int getInt(int u, int option) {
        byte[] v = new byte[4];
        int[] len = {4};
        if (srt_getsockflag(u, option, v, len) != 0) return -1;
        return (v[0] & 0xff) | (v[1] & 0xff) << 8 | (v[2] & 0xff) << 16 | (v[3] & 0xff) << 24;
    }

    static boolean setString(int u, int option, String value) {
        byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return srt_setsockflag(u, option, v, v.length) == 0;
    }
}
