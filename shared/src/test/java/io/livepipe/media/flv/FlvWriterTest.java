package io.livepipe.media.flv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepipe.media.cmaf.FragmenterFfmpegTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What FlvWriter writes reads back, tag for tag, as what FFmpeg wrote: B-frames (composition offsets) included. */
class FlvWriterTest {
    @TempDir
    Path dir;

    @Test
    void rewritesFfmpegsTagsSoTheyReadBackTheSame() throws Exception {
        List<FlvTag> in = FragmenterFfmpegTest.x264(dir, "in.flv", "2.5", "2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FlvWriter.header());
        List<FlvTag> written = new ArrayList<>();
        for (FlvTag t : in) {
            if (t instanceof FlvTag.Config c) out.write(FlvWriter.config(c.config(), 0));
            else if (t instanceof FlvTag.Sample s) out.write(FlvWriter.sample(s.sample()));
            else continue;
            written.add(t);
        }
        FlvReader r = new FlvReader(new ByteArrayInputStream(out.toByteArray()));
        List<FlvTag> back = new ArrayList<>();
        for (FlvTag t; (t = r.next()) != null; ) if (!(t instanceof FlvTag.Nothing)) back.add(t);
        assertEquals(written.size(), back.size());
        assertTrue(written.stream().anyMatch(t -> t instanceof FlvTag.Sample s && s.sample().compositionOffset() > 0), "B-frames in the source");
        for (int i = 0; i < written.size(); i++) {
            if (written.get(i) instanceof FlvTag.Config c) {
                FlvTag.Config b = (FlvTag.Config) back.get(i);
                assertEquals(c.config().type(), b.config().type());
                assertArrayEquals(c.config().config(), b.config().config());
            } else {
                var a = ((FlvTag.Sample) written.get(i)).sample();
                var b = ((FlvTag.Sample) back.get(i)).sample();
                assertEquals(a.type(), b.type(), "tag " + i);
                assertEquals(a.decodeTime(), b.decodeTime(), "tag " + i);
                assertEquals(a.compositionOffset(), b.compositionOffset(), "tag " + i);
                assertEquals(a.keyframe(), b.keyframe(), "tag " + i);
                assertArrayEquals(a.data(), b.data(), "tag " + i);
            }
        }
    }
}
