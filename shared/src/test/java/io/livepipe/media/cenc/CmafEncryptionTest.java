package io.livepipe.media.cenc;

import static io.livepipe.testing.AvcSamples.avcc;
import static io.livepipe.testing.AvcSamples.idr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.CodecConfig;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.Fragment;
import io.livepipe.media.mp4.TrackInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Box structure of protected headers and fragments, read back with our BoxReader; cenc IVs and audio checked with OpenSSL, cbcs mdat decrypted with the JDK. */
class CmafEncryptionTest {
    static final HexFormat HEX = HexFormat.of();
    static final byte[] AVCC = HEX.parseHex("0164001fffe1001c6764001facd9405005bb016a02020280000003008000001e078c18cb01000668ebe3cb22c0");
    static final byte[] KEY = HEX.parseHex("00112233445566778899aabbccddeeff");
    static final byte[] KID = HEX.parseHex("a7e61c373e219033c21091fa607bf3b8");
    static final byte[] VIDEO_INIT = CmafWriter.init(TrackInfo.of(new CodecConfig(TrackType.VIDEO, CodecConfig.AVC1, AVCC)));
    static final byte[] AUDIO_INIT = CmafWriter.init(TrackInfo.of(new CodecConfig(TrackType.AUDIO, CodecConfig.MP4A, new byte[] {0x12, 0x10})));

    static byte[] videoSegment() {
        byte[] sei = {0x06, 0x05, 0x01, 0x00, (byte) 0x80};
        return CmafWriter.fragment(TrackType.VIDEO, 7, 900_000, List.of(
                new CmafWriter.Sample(3600, 0, true, avcc(sei, idr(1000))),
                new CmafWriter.Sample(3600, 0, false, avcc(idr(37)))));
    }

    /** Runs {@code openssl} with these arguments on {@code input}; its standard output. */
    static byte[] openssl(List<String> args, byte[] input) throws Exception {
        java.nio.file.Path in = java.nio.file.Files.createTempFile("cenc", ".bin");
        try {
            java.nio.file.Files.write(in, input);
            List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), "openssl " + args);
            return out;
        } finally {
            java.nio.file.Files.delete(in);
        }
    }

    static Box find(List<Box> boxes, String... path) {
        Box cur = null;
        List<Box> level = boxes;
        for (String t : path) {
            cur = level.stream().filter(b -> b.type().equals(t)).findFirst().orElseThrow(() -> new AssertionError("no " + t));
            level = cur.children();
        }
        return cur;
    }

    @Test
    void protectedHeaderHasEncvWithSinfAndPsshInMoovAndEveryAncestorSizeGrows() {
        List<Pssh> pssh = List.of(Pssh.clearKey(List.of(KID)), Pssh.widevine(List.of(KID), Scheme.CENC));
        byte[] out = CmafEncryption.encryptInit(VIDEO_INIT, ClearTrackHeader.of(VIDEO_INIT), Scheme.CENC, KID, pssh);
        int grow = out.length - VIDEO_INIT.length;
        List<Box> boxes = BoxReader.read(out);
        List<Box> clear = BoxReader.read(VIDEO_INIT);
        Box moov = find(boxes, "moov");
        assertEquals(find(clear, "moov").size() + grow, moov.size());
        int psshBytes = pssh.stream().mapToInt(p -> p.box().length).sum();
        for (String[] path : new String[][] {{"moov", "trak"}, {"moov", "trak", "mdia"}, {"moov", "trak", "mdia", "minf", "stbl", "stsd"}}) {
            assertEquals(find(clear, path).size() + grow - psshBytes, find(boxes, path).size(), String.join("/", path));
        }
        assertEquals(2, moov.children().stream().filter(b -> b.type().equals("pssh")).count());
        Box stsd = find(boxes, "moov", "trak", "mdia", "minf", "stbl", "stsd");
        int entry = stsd.payloadOffset() + 8;
        assertEquals("encv", new String(out, entry + 4, 4));
        // The sample entry's child boxes, after the 78 bytes of VisualSampleEntry fields.
        List<Box> children = BoxReader.read(Arrays.copyOfRange(out, entry + 8 + 78, stsd.offset() + stsd.size()));
        assertEquals(List.of("avcC", "sinf"), children.stream().map(Box::type).toList());
        byte[] sinf = Arrays.copyOfRange(out, entry + 8 + 78 + children.get(1).offset(), entry + 8 + 78 + children.get(1).offset() + children.get(1).size());
        assertEquals("00000050" + "73696e66" + "0000000c" + "66726d61" + "61766331" // frma avc1
                + "00000014" + "7363686d" + "00000000" + "63656e63" + "00010000" // schm cenc 1.0
                + "00000028" + "73636869" + "00000020" + "74656e63" + "00000000" + "0000" + "01" + "10" // tenc v0, protected, IV 16
                + HEX.formatHex(KID), HEX.formatHex(sinf));
        assertThrows(MalformedMediaException.class, () -> CmafEncryption.encryptInit(out, ClearTrackHeader.of(out), Scheme.CENC, KID, List.of()), "already protected");
    }

    @Test
    void cbcsHeaderHasPattern1to9ForVideo0to0ForAudioAndTheConstantIv() {
        byte[] v = CmafEncryption.encryptInit(VIDEO_INIT, ClearTrackHeader.of(VIDEO_INIT), Scheme.CBCS, KID, List.of());
        byte[] a = CmafEncryption.encryptInit(AUDIO_INIT, ClearTrackHeader.of(AUDIO_INIT), Scheme.CBCS, KID, List.of());
        String iv = HEX.formatHex(CencIvs.cbcsConstantIv(KID));
        assertTrue(HEX.formatHex(v).contains("74656e63" + "01000000" + "00" + "19" + "01" + "00" + HEX.formatHex(KID) + "10" + iv));
        assertTrue(HEX.formatHex(a).contains("74656e63" + "01000000" + "00" + "00" + "01" + "00" + HEX.formatHex(KID) + "10" + iv));
        assertTrue(HEX.formatHex(a).contains("656e6361"), "enca");
        assertTrue(HEX.formatHex(a).contains("66726d61" + "6d703461"), "frma mp4a");
    }

    @Test
    void cencFragmentGainsSaizSaioSencAndTrunPointsAtTheSameMdat() throws Exception {
        byte[] clear = videoSegment();
        long identity = 900_000;
        byte[] out = CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), clear, Scheme.CENC, KEY, KID, identity);
        List<Box> boxes = BoxReader.read(out);
        Box moof = find(boxes, "moof");
        Box traf = find(boxes, "moof", "traf");
        assertEquals(List.of("tfhd", "tfdt", "trun", "saiz", "saio", "senc"), traf.children().stream().map(Box::type).toList());
        Fragment f = Fragment.parse(out);
        Box mdat = find(boxes, "mdat");
        assertEquals(mdat.payloadOffset(), moof.offset() + f.dataOffset(), "trun data offset follows the grown moof");
        assertEquals(Fragment.parse(clear).samples(), f.samples());

        Box senc = find(boxes, "moof", "traf", "senc");
        ByteBuffer s = ByteBuffer.wrap(out, senc.payloadOffset(), senc.payloadSize());
        assertEquals(0x2, s.getInt(), "flags: subsamples");
        assertEquals(2, s.getInt());
        Box saio = find(boxes, "moof", "traf", "saio");
        assertEquals(senc.payloadOffset() + 8 - moof.offset(), ByteBuffer.wrap(out, saio.payloadOffset() + 8, 4).getInt(),
                "saio points at the first sample entry of senc, from the moof");
        // Sample 0: SEI (4+5) and the IDR's length, NAL header and 3-byte slice header clear, 992 bytes
        // (1000 cut to 16-byte blocks) protected, the 8 left over joining the clear part.
        byte[] iv0 = new byte[16];
        s.get(iv0);
        // The IV's upper half is the identity XOR the first 8 bytes of AES-128_K("livepipe/cenc/iv"), by OpenSSL.
        byte[] mask = openssl(List.of("enc", "-e", "-aes-128-ecb", "-nopad", "-K", HEX.formatHex(KEY)),
                "livepipe/cenc/iv".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(ByteBuffer.wrap(mask).getLong() ^ identity, ByteBuffer.wrap(iv0).getLong());
        assertEquals("0000000000000000", HEX.formatHex(iv0, 8, 16), "sample 0's block counter starts at 0");
        assertEquals(1, s.getShort());
        assertEquals(9 + 4 + 4 + 8, s.getShort());
        assertEquals(992, s.getInt());
        byte[] iv1 = new byte[16];
        s.get(iv1);
        assertEquals(HEX.formatHex(iv0, 0, 8), HEX.formatHex(iv1, 0, 8), "one segment prefix");
        assertEquals("0000010000000000", HEX.formatHex(iv1, 8, 16), "sample index above a 40-bit block counter");
        assertEquals(1, s.getShort());
        assertEquals(4 + 4 + 5, s.getShort(), "37 bytes of slice data: 32 protected, 5 clear");
        assertEquals(32, s.getInt());
        Box saiz = find(boxes, "moof", "traf", "saiz");
        assertEquals("00" + "00000002" + "18" + "18", HEX.formatHex(out, saiz.payloadOffset() + 4, saiz.payloadOffset() + 4 + 7));
    }

    /** The mdat payload of a fragment: its samples, one after another. */
    static byte[] mdatPayload(byte[] fragment) {
        Box mdat = find(BoxReader.read(fragment), "mdat");
        return Arrays.copyOfRange(fragment, mdat.payloadOffset(), mdat.payloadOffset() + mdat.payloadSize());
    }

    @Test
    void aSegmentCutIntoChunksEncryptsEachSampleAsTheWholeSegmentDoes() throws Exception {
        byte[] sei = {0x06, 0x05, 0x01, 0x00, (byte) 0x80};
        CmafWriter.Sample first = new CmafWriter.Sample(3600, 0, true, avcc(sei, idr(1000)));
        CmafWriter.Sample second = new CmafWriter.Sample(3600, 0, false, avcc(idr(37)));
        CmafWriter.Sample third = new CmafWriter.Sample(3600, 0, false, avcc(idr(300)));
        byte[] whole = CmafWriter.fragment(TrackType.VIDEO, 7, 900_000, List.of(first, second, third));
        byte[] chunk0 = CmafWriter.fragment(TrackType.VIDEO, 7, 900_000, List.of(first));
        byte[] chunk1 = CmafWriter.fragment(TrackType.VIDEO, 8, 903_600, List.of(second, third));
        long identity = 900_000;
        ClearTrackHeader track = ClearTrackHeader.of(VIDEO_INIT);
        for (Scheme scheme : Scheme.values()) {
            byte[] sealedWhole = mdatPayload(CmafEncryption.encryptSegment(track, whole, scheme, KEY, KID, identity));
            byte[] sealed0 = mdatPayload(CmafEncryption.encryptChunk(track, chunk0, scheme, KEY, KID, identity, 0));
            byte[] sealed1 = mdatPayload(CmafEncryption.encryptChunk(track, chunk1, scheme, KEY, KID, identity, 1));
            byte[] joined = new byte[sealed0.length + sealed1.length];
            System.arraycopy(sealed0, 0, joined, 0, sealed0.length);
            System.arraycopy(sealed1, 0, joined, sealed0.length, sealed1.length);
            assertArrayEquals(sealedWhole, joined, scheme + ": every sample's ciphertext is the same in a chunk as in the segment");
        }
        // cenc: the chunk's senc names the IVs of samples 1 and 2 of the segment
        List<Box> boxes = BoxReader.read(CmafEncryption.encryptChunk(track, chunk1, Scheme.CENC, KEY, KID, identity, 1));
        byte[] out = CmafEncryption.encryptChunk(track, chunk1, Scheme.CENC, KEY, KID, identity, 1);
        Box senc = find(boxes, "moof", "traf", "senc");
        byte[] mask = openssl(List.of("enc", "-e", "-aes-128-ecb", "-nopad", "-K", HEX.formatHex(KEY)),
                "livepipe/cenc/iv".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(ByteBuffer.wrap(mask).getLong() ^ identity, ByteBuffer.wrap(out, senc.payloadOffset() + 8, 8).getLong());
        assertEquals("0000010000000000", HEX.formatHex(out, senc.payloadOffset() + 16, senc.payloadOffset() + 24), "sample 1 of the segment");
        assertThrows(IllegalArgumentException.class, () -> CmafEncryption.encryptChunk(track, chunk1, Scheme.CENC, KEY, KID, identity, -1));
    }

    @Test
    void cbcsFragmentDecryptsWithTheJdkToTheClearMdat() throws Exception {
        byte[] clear = videoSegment();
        byte[] out = CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), clear, Scheme.CBCS, KEY, KID, 0);
        List<Box> boxes = BoxReader.read(out);
        Box senc = find(boxes, "moof", "traf", "senc");
        ByteBuffer s = ByteBuffer.wrap(out, senc.payloadOffset() + 8, senc.payloadSize() - 8);
        Box mdat = find(boxes, "mdat");
        byte[] data = Arrays.copyOfRange(out, mdat.payloadOffset(), mdat.offset() + mdat.size());
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
        int pos = 0;
        for (int sample = 0; sample < 2; sample++) {
            int n = s.getShort();
            for (int i = 0; i < n; i++) {
                pos += s.getShort() & 0xffff;
                int prot = s.getInt();
                c.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(KEY, "AES"),
                        new javax.crypto.spec.IvParameterSpec(CencIvs.cbcsConstantIv(KID)));
                for (int b = 0; b + 16 <= prot; b += 160) c.update(data, pos + b, 16, data, pos + b);
                pos += prot;
            }
        }
        Box clearMdat = find(BoxReader.read(clear), "mdat");
        assertArrayEquals(Arrays.copyOfRange(clear, clearMdat.payloadOffset(), clearMdat.offset() + clearMdat.size()), data);
        assertTrue(!Arrays.equals(Arrays.copyOfRange(out, mdat.payloadOffset(), mdat.offset() + mdat.size()), data), "it was encrypted");
    }

    @Test
    void cencAudioIsWholeSampleCtrThatOpenSslDecryptsAndCbcsAudioNeedsNoSenc() throws Exception {
        byte[] clear = CmafWriter.fragment(TrackType.AUDIO, 1, 0, List.of(new CmafWriter.Sample(1024, 0, true, new byte[371]),
                new CmafWriter.Sample(1024, 0, true, new byte[20])));
        byte[] cenc = CmafEncryption.encryptSegment(ClearTrackHeader.of(AUDIO_INIT), clear, Scheme.CENC, KEY, KID, 5);
        List<Box> boxes = BoxReader.read(cenc);
        Box senc = find(boxes, "moof", "traf", "senc");
        assertEquals(8 + 2 * 16, senc.payloadSize(), "flags, count, two 16-byte IVs");
        Box mdat = find(boxes, "mdat");
        for (int sample = 0; sample < 2; sample++) {
            // OpenSSL's AES-128-CTR at the IV senc names turns each whole sample back into its clear zeros.
            String iv = HEX.formatHex(cenc, senc.payloadOffset() + 8 + 16 * sample, senc.payloadOffset() + 24 + 16 * sample);
            int at = mdat.payloadOffset() + (sample == 0 ? 0 : 371);
            byte[] sampleBytes = Arrays.copyOfRange(cenc, at, at + (sample == 0 ? 371 : 20));
            assertTrue(!Arrays.equals(new byte[sampleBytes.length], sampleBytes), "sample " + sample + " was encrypted");
            assertArrayEquals(new byte[sampleBytes.length],
                    openssl(List.of("enc", "-d", "-aes-128-ctr", "-K", HEX.formatHex(KEY), "-iv", iv), sampleBytes));
        }

        byte[] cbcs = CmafEncryption.encryptSegment(ClearTrackHeader.of(AUDIO_INIT), clear, Scheme.CBCS, KEY, KID, 5);
        assertEquals(clear.length, cbcs.length, "no senc, saiz or saio: constant IV, whole samples");
        Box m = find(BoxReader.read(cbcs), "mdat");
        assertArrayEquals(new byte[3], Arrays.copyOfRange(cbcs, m.payloadOffset() + 368, m.payloadOffset() + 371), "partial block clear");
        assertArrayEquals(new byte[4], Arrays.copyOfRange(cbcs, m.payloadOffset() + 371 + 16, m.payloadOffset() + 391), "partial block clear");
    }

    @Test
    void segmentIdentitiesGiveDifferentCiphertexts() {
        long a = 900_000;
        long b = 1L << 56 | 900_000;
        byte[] x = CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), videoSegment(), Scheme.CENC, KEY, KID, a);
        byte[] y = CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), videoSegment(), Scheme.CENC, KEY, KID, b);
        assertEquals(x.length, y.length);
        assertTrue(!Arrays.equals(x, y));
    }

    @Test
    void refusesWhatWeDoNotWriteWithOneExceptionType() {
        byte[] seg = videoSegment();
        byte[] enc = CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), seg, Scheme.CENC, KEY, KID, 1);
        assertThrows(MalformedMediaException.class, () -> CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), enc, Scheme.CENC, KEY, KID, 1));
        assertThrows(MalformedMediaException.class, () -> CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), Arrays.copyOf(seg, seg.length - 1),
                Scheme.CENC, KEY, KID, 1));
        assertThrows(MalformedMediaException.class, () -> CmafEncryption.encryptSegment(ClearTrackHeader.of(seg), seg, Scheme.CENC, KEY, KID, 1));
        assertThrows(MalformedMediaException.class, () -> CmafEncryption.encryptInit(seg, ClearTrackHeader.of(seg), Scheme.CENC, KID, List.of()));
        byte[] broken = seg.clone();
        Box mdat = find(BoxReader.read(broken), "mdat");
        broken[mdat.payloadOffset()] = 0x7f; // a NAL length that overruns its sample
        assertThrows(MalformedMediaException.class, () -> CmafEncryption.encryptSegment(ClearTrackHeader.of(VIDEO_INIT), broken, Scheme.CBCS, KEY, KID, 1));
    }

    /** A box of {@code type} with {@code payload} bytes of its own. */
    static byte[] box(String type, int payload) {
        return ByteBuffer.allocate(8 + payload).putInt(8 + payload).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put(new byte[payload]).array();
    }

    static byte[] join(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(x -> x.length).sum());
        for (byte[] x : parts) b.put(x);
        return b.array();
    }

    @Test
    void encryptingInPlaceGivesTheSameBytesAsIntoANewArrayAndAnyRangeOfThem() {
        byte[] audio = CmafWriter.fragment(TrackType.AUDIO, 1, 0, List.of(new CmafWriter.Sample(1024, 0, true, new byte[371]),
                new CmafWriter.Sample(1024, 0, true, new byte[20])));
        // Boxes before the moof and after the mdat move with the rest, as they do in a new array.
        List<byte[]> segments = List.of(videoSegment(), join(box("prft", 24), videoSegment(), box("emsg", 31)), audio, join(audio, box("emsg", 3)));
        for (int k = 0; k < segments.size(); k++) {
            byte[] clear = segments.get(k);
            ClearTrackHeader track = ClearTrackHeader.of(k < 2 ? VIDEO_INIT : AUDIO_INIT);
            for (Scheme scheme : Scheme.values()) {
                byte[] expected = CmafEncryption.encryptSegment(track, clear, scheme, KEY, KID, 77);
                byte[] input = clear.clone();
                ProtectedFragment p = CmafEncryption.encryptSegmentInPlace(track, input, scheme, KEY, KID, 77);
                assertTrue(p.array() == input, "the mdat stays in the input's array");
                assertTrue(p.head().length < 1000, "only the head is new: " + p);
                assertArrayEquals(expected, p.toByteArray(), scheme + " " + p);
                assertEquals(expected.length, p.length());
                for (int[] r : new int[][] {{0, 0}, {0, p.head().length}, {p.head().length - 3, p.head().length + 5}, {p.head().length, p.length()},
                        {1, p.length() - 1}}) {
                    assertArrayEquals(Arrays.copyOfRange(expected, r[0], r[1]), p.copyOfRange(r[0], r[1]), scheme + " range " + Arrays.toString(r));
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> new ProtectedFragment(new byte[2], new byte[4], 1, 3).copyOfRange(0, 6));
        assertThrows(IllegalArgumentException.class, () -> new ProtectedFragment(new byte[2], new byte[4], 2, 3));
    }

    /**
     * In place means no copy of the segment anywhere: the bytes allocated for a 2 s, 1 MB segment
     * are a small fraction of it (the head, the maps), where into a new array they are all of it.
     * Also the guard that the JDK's cipher does not copy each range first (it does when output
     * overlaps its input exactly; in place writes ahead of the input so that it does not).
     */
    @Test
    void encryptingInPlaceAllocatesNoCopyOfTheSegment() {
        io.livepipe.media.cenc.bench.EncryptionBenchmark b = new io.livepipe.media.cenc.bench.EncryptionBenchmark();
        b.setUp();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (Scheme scheme : Scheme.values()) {
            long inPlace = Long.MAX_VALUE;
            long copy = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) { // the least of a few: the first calls also load classes
                byte[] clear = b.clearSegment();
                long before = mx.getCurrentThreadAllocatedBytes();
                CmafEncryption.encryptSegmentInPlace(b.track(), clear, scheme, KEY, KID, 3);
                inPlace = Math.min(inPlace, mx.getCurrentThreadAllocatedBytes() - before);
                before = mx.getCurrentThreadAllocatedBytes();
                CmafEncryption.encryptSegment(b.track(), b.clearSegment(), scheme, KEY, KID, 3);
                copy = Math.min(copy, mx.getCurrentThreadAllocatedBytes() - before);
            }
            int size = b.bytes();
            assertTrue(inPlace < size / 20, scheme + ": " + inPlace + " bytes allocated in place for a " + size + "-byte segment");
            assertTrue(copy > size, scheme + ": " + copy + " bytes allocated into a new array (and the clear copy)");
        }
    }
}
