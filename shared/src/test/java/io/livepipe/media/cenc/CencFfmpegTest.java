package io.livepipe.media.cenc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.crypto.HlsIv;
import io.livepipe.media.TrackType;
import io.livepipe.media.cmaf.FlvFile;
import io.livepipe.media.cmaf.Fragmenter;
import io.livepipe.media.cmaf.Segment;
import io.livepipe.media.flv.FlvTag;
import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encrypted CMAF decrypted by real peers no one here wrote: FFmpeg's mov demuxer decrypts
 * {@code cenc} and {@code cbcs} (FFmpeg 5.1 has both, libavformat/mov.c) with
 * {@code -decryption_key} and must decode exactly the frames of the clear copy; OpenSSL
 * decrypts the HLS AES-128 envelope back to the clear segment.
 */
class CencFfmpegTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] KEY = HEX.parseHex("0123456789abcdeffedcba9876543210");
    static final byte[] KID = HEX.parseHex("a7e61c373e219033c21091fa607bf3b8");
    @TempDir
    static Path dir;
    static List<Segment> segments;

    @BeforeAll
    static void source() throws Exception {
        Path flv = dir.resolve("in.flv");
        run(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6.9", "-c:v", "libx264", "-preset", "veryfast",
                "-b:v", "2M", "-bf", "2", "-x264-params", "b-adapt=0:slices=3", "-g", "50", "-c:a", "aac", "-f", "flv", flv.toString()));
        segments = new ArrayList<>();
        Fragmenter f = new Fragmenter(Duration.ofSeconds(2), segments::add);
        for (FlvTag t : FlvFile.tags(Files.readAllBytes(flv))) {
            if (t instanceof FlvTag.Config c) f.config(c.config());
            if (t instanceof FlvTag.Sample s) f.sample(s.sample());
        }
        f.flush();
    }

    /** A segment identity distinct per track and decode time, as the caller must give one. */
    static long identity(int track, long decodeTime) { return (long) track << 56 | decodeTime; }

    static String run(List<String> cmd) throws Exception {
        return run(cmd, null);
    }

    static String run(List<String> cmd, Path stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin != null) pb.redirectInput(stdin.toFile());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return output;
    }

    static Segment init(TrackType type) {
        return segments.stream().filter(s -> s.init() && s.type() == type).findFirst().orElseThrow();
    }

    static List<Segment> media(TrackType type) {
        return segments.stream().filter(s -> !s.init() && s.type() == type).toList();
    }

    static Path write(String name, List<byte[]> parts) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        Path p = dir.resolve(name);
        Files.write(p, b.toByteArray());
        return p;
    }

    /**
     * FFmpeg's frame MD5s of a file, read as a pipe or as a seekable file. FFmpeg 5.1 indexes
     * every fragment of a seekable file at open and then looks each packet's encryption info
     * up in the last fragment it parsed (mov.c cenc_filter uses frag_index.current; later
     * releases find the packet's own fragment), so a multi-fragment encrypted file must come
     * through a pipe, where fragments are read as they come and senc is used. A single
     * fragment read seekable exercises the saiz/saio path instead.
     */
    static String framemd5(Path file, byte[] key, boolean pipe) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error"));
        if (key != null) cmd.addAll(List.of("-decryption_key", HEX.formatHex(key)));
        cmd.addAll(List.of("-i", pipe ? "pipe:0" : file.toString(), "-f", "framemd5", "-"));
        return run(cmd, pipe ? file : null);
    }

    static byte[] mdatPayload(byte[] segment) {
        for (Box b : BoxReader.read(segment)) if (b.type().equals("mdat")) return Arrays.copyOfRange(segment, b.payloadOffset(), b.offset() + b.size());
        throw new AssertionError("no mdat");
    }

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void ffmpegDecryptsAndDecodesEveryFrameOfBothTracksAsInTheClearCopy(Scheme scheme) throws Exception {
        List<Pssh> pssh = List.of(Pssh.widevine(List.of(KID), scheme), PlayReadyHeader.of(KID, "https://lic.example/pr", scheme).pssh(),
                Pssh.clearKey(List.of(KID)));
        int track = 0;
        for (TrackType type : List.of(TrackType.VIDEO, TrackType.AUDIO)) {
            byte[] clearInit = init(type).bytes();
            ClearTrackHeader t = ClearTrackHeader.of(clearInit);
            List<byte[]> clear = new ArrayList<>(List.of(clearInit));
            List<byte[]> enc = new ArrayList<>(List.of(CmafEncryption.encryptInit(clearInit, ClearTrackHeader.of(clearInit), scheme, KID, pssh)));
            List<Segment> media = media(type);
            assertTrue(media.size() >= 3, "several segments");
            for (Segment s : media) {
                byte[] e = CmafEncryption.encryptSegment(t, s.bytes(), scheme, KEY, KID, identity(track, s.decodeTime()));
                assertArrayEquals(e, CmafEncryption.encryptSegment(ClearTrackHeader.of(clearInit), s.bytes(), scheme, KEY, KID,
                        identity(track, s.decodeTime())), "deterministic");
                assertFalse(Arrays.equals(mdatPayload(s.bytes()), mdatPayload(e)), "mdat is encrypted");
                clear.add(s.bytes());
                enc.add(e);
            }
            String name = scheme.fourcc() + "-" + type.name().toLowerCase();
            String expected = framemd5(write(name + "-clear.mp4", clear), null, true);
            long frames = expected.lines().filter(l -> !l.startsWith("#")).count();
            assertTrue(frames > 100, name + ": " + frames + " frames");
            assertEquals(expected, framemd5(write(name + "-enc.mp4", enc), KEY, true), name + " decrypts to the clear frames (senc)");
            for (int i = 1; i < enc.size(); i++) {
                String one = framemd5(write(name + "-one-clear.mp4", List.of(clear.get(0), clear.get(i))), null, false);
                assertEquals(one, framemd5(write(name + "-one-enc.mp4", List.of(enc.get(0), enc.get(i))), KEY, false),
                        name + " fragment " + i + " decrypts to the clear frames (saiz/saio)");
            }
            String wrong = run(List.of("sh", "-c", "ffmpeg -hide_banner -loglevel quiet -decryption_key " + "00".repeat(16) + " -i pipe:0"
                    + " -f framemd5 - < " + dir.resolve(name + "-enc.mp4") + " 2>/dev/null; true"));
            assertFalse(expected.equals(wrong), name + ": a wrong key does not give the clear frames");
            track++;
        }
    }

    @Test
    void openSslDecryptsTheEnvelopeToTheClearSegment() throws Exception {
        for (Segment s : media(TrackType.VIDEO)) {
            byte[] iv = HlsIv.ofSegment("video", "run", s.decodeTime());
            byte[] enc = io.livepipe.crypto.Envelope.encrypt(s.bytes(), KEY, iv);
            assertEquals((s.bytes().length / 16 + 1) * 16, enc.length);
            Path in = dir.resolve("env-" + s.sequence() + ".bin");
            Path out = dir.resolve("env-" + s.sequence() + ".dec");
            Files.write(in, enc);
            run(List.of("openssl", "enc", "-d", "-aes-128-cbc", "-K", HEX.formatHex(KEY), "-iv", HEX.formatHex(iv),
                    "-in", in.toString(), "-out", out.toString()));
            assertArrayEquals(s.bytes(), Files.readAllBytes(out));
        }
    }
}
