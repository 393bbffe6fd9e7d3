package io.livepipe.media.smooth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livepipe.media.TrackType;
import io.livepipe.media.mp4.Box;
import io.livepipe.media.mp4.BoxReader;
import io.livepipe.media.mp4.BoxWriter;
import io.livepipe.media.mp4.CmafWriter;
import io.livepipe.media.mp4.FragmentSamples;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Smooth fragment made from a CMAF segment: moof and mdat only, at the manifest's time, with tfxd, and tfrf when live. */
class SmoothFragmentTest {
    static List<FragmentSamples.Sample> samples() {
        byte[] seg = CmafWriter.fragment(TrackType.VIDEO, 3, 360_000, List.of(
                new CmafWriter.Sample(3000, 0, true, new byte[] {0, 0, 0, 2, 0x65, 1}),
                new CmafWriter.Sample(3000, 3000, false, new byte[] {0, 0, 0, 2, 0x41, 2})));
        return FragmentSamples.read(seg);
    }

    @Test
    void carriesTheSamplesAtTheManifestTimeWithTfxdAndTfrf() {
        List<FragmentSamples.Sample> in = samples();
        byte[] f = SmoothFragment.of(7, 9_000_000, in, true, List.of(new SmoothFragment.Next(9_006_000, 6000)));
        List<Box> top = BoxReader.read(f);
        assertEquals(List.of("moof", "mdat"), top.stream().map(Box::type).toList(), "no styp: a Smooth fragment is moof and mdat");
        List<FragmentSamples.Sample> out = FragmentSamples.read(f);
        assertEquals(2, out.size());
        assertEquals(9_000_000, out.get(0).decodeTime(), "tfdt is the manifest's time, not the stored decode time");
        assertEquals(3000, out.get(1).compositionOffset());
        assertArrayEquals(in.get(1).data(), out.get(1).data());
        Box traf = top.get(0).child("traf");
        List<Box> uuids = traf.children().stream().filter(b -> b.type().equals("uuid")).toList();
        assertEquals(2, uuids.size());
        byte[] tfxd = Arrays.copyOfRange(f, uuids.get(0).payloadOffset(), uuids.get(0).offset() + uuids.get(0).size());
        assertArrayEquals(SmoothFragment.TFXD, Arrays.copyOf(tfxd, 16));
        assertEquals(9_000_000, io.livepipe.media.ByteCursor.u32(tfxd, 20) << 32 | io.livepipe.media.ByteCursor.u32(tfxd, 24));
        assertEquals(6000, io.livepipe.media.ByteCursor.u32(tfxd, 32), "the fragment's duration");
        byte[] tfrf = Arrays.copyOfRange(f, uuids.get(1).payloadOffset(), uuids.get(1).offset() + uuids.get(1).size());
        assertArrayEquals(SmoothFragment.TFRF, Arrays.copyOf(tfrf, 16));
        assertEquals(1, tfrf[20], "one following fragment");
        assertEquals(9_006_000, io.livepipe.media.ByteCursor.u32(tfrf, 25));
    }

    @Test
    void anOnDemandFragmentHasNoTfrf() {
        byte[] f = SmoothFragment.of(1, 0, samples(), true);
        Box traf = BoxReader.read(f).get(0).child("traf");
        assertEquals(1, traf.children().stream().filter(b -> b.type().equals("uuid")).count());
        assertNull(traf.child("senc"));
    }
}
