package io.livepipe.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoxReaderTest {
    @TempDir
    Path dir;

    static String tree(List<Box> boxes, String indent) {
        StringBuilder sb = new StringBuilder();
        for (Box b : boxes) {
            sb.append(indent).append(b.type()).append(' ').append(b.size()).append('\n');
            sb.append(tree(b.children(), indent + "  "));
        }
        return sb.toString();
    }

    @Test
    void readsBackOurFragmentExactly() {
        List<CmafWriter.Sample> in = List.of(new CmafWriter.Sample(3000, 6000, true, new byte[] {1, 2, 3}),
                new CmafWriter.Sample(3000, -3000, false, new byte[] {4, 5}), new CmafWriter.Sample(3001, 0, false, new byte[] {6}));
        byte[] seg = CmafWriter.fragment(TrackType.VIDEO, 7, 123_456_789_012L, in);
        assertEquals(CmafWriter.FIXED_BYTES + 3 * 16 + 6, seg.length, "the writer's exact size: its array is returned as it is");
        assertEquals(CmafWriter.FIXED_BYTES + 2 * 12 + 5, CmafWriter.fragment(TrackType.AUDIO, 1, 0,
                List.of(new CmafWriter.Sample(1024, 0, true, new byte[2]), new CmafWriter.Sample(1024, 0, true, new byte[3]))).length);
        assertEquals("styp 28\nmoof " + (seg.length - 28 - 14) + "\n  mfhd 16\n  traf " + (seg.length - 28 - 14 - 8 - 16)
                + "\n    tfhd 16\n    tfdt 20\n    trun " + (seg.length - 28 - 14 - 8 - 16 - 8 - 36) + "\nmdat 14\n",
                tree(BoxReader.read(seg), ""));
        Fragment f = Fragment.parse(seg);
        assertEquals(7, f.sequence());
        assertEquals(123_456_789_012L, f.baseDecodeTime());
        assertEquals(3, f.samples().size());
        assertEquals(-3000, f.samples().get(1).compositionOffset());
        assertEquals(CmafWriter.SYNC, f.samples().get(0).flags());
        assertEquals(CmafWriter.NON_SYNC, f.samples().get(2).flags());
        int dataStart = 28 + (int) f.dataOffset();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, java.util.Arrays.copyOfRange(seg, dataStart, dataStart + 6));
    }

    @Test
    void readsOutsideFragmentedMp4FromFfmpeg() throws Exception {
        Path out = dir.resolve("frag.mp4");
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-t", "2",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
                "-f", "mp4", out.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        byte[] data = Files.readAllBytes(out);
        List<Box> boxes = BoxReader.read(data);
        assertEquals("ftyp", boxes.get(0).type());
        assertTrue(boxes.stream().filter(b -> b.type().equals("moof")).count() >= 2);
        Fragment f = Fragment.parse(data);
        assertEquals(1, f.sequence());
        assertEquals(25, f.samples().size(), "one second at 25 fps");
        assertTrue(boxes.get(1).child("trak").child("mdia") != null);
    }

    @Test
    void absurdSizesAndCountsAreRefused() {
        byte[] big = {0, 0, 0, 8, 'f', 'r', 'e', 'e', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'm', 'o', 'o', 'f'};
        assertThrows(MalformedMediaException.class, () -> BoxReader.read(big));
        byte[] huge64 = {0, 0, 0, 1, 'm', 'd', 'a', 't', 0x7f, 0, 0, 0, 0, 0, 0, 0};
        assertThrows(MalformedMediaException.class, () -> BoxReader.read(huge64));
        byte[] seg = CmafWriter.fragment(TrackType.AUDIO, 1, 0, List.of(new CmafWriter.Sample(1024, 0, true, new byte[4])));
        int trun = indexOf(seg, "trun");
        seg[trun + 8] = (byte) 0xff;
        seg[trun + 9] = (byte) 0xff;
        seg[trun + 10] = (byte) 0xff;
        seg[trun + 11] = (byte) 0xff;
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> Fragment.parse(seg));
        assertTrue(e.getMessage().contains("samples"), e.getMessage());
        byte[] nested = new byte[8 * 20];
        for (int i = 0; i < 20; i++) {
            int size = nested.length - 8 * i;
            nested[8 * i] = (byte) (size >> 24);
            nested[8 * i + 1] = (byte) (size >> 16);
            nested[8 * i + 2] = (byte) (size >> 8);
            nested[8 * i + 3] = (byte) size;
            System.arraycopy("moov".getBytes(), 0, nested, 8 * i + 4, 4);
        }
        assertThrows(MalformedMediaException.class, () -> BoxReader.read(nested));
    }

    static int indexOf(byte[] b, String fourcc) {
        byte[] f = fourcc.getBytes();
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == f[0] && b[i + 1] == f[1] && b[i + 2] == f[2] && b[i + 3] == f[3]) return i - 4;
        }
        return -1;
    }
}
