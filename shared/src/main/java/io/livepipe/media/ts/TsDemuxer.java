package io.livepipe.media.ts;

import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.TrackType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A transport stream demuxer: fed bytes in any split, it returns what they complete, in order
 * ({@link TsEvent}). It follows the PAT to the first program's PMT, takes that program's first
 * H.264 and first ADTS AAC stream, reassembles their PES packets (bounded by
 * {@link TsLimits#maxPesBytes()}), and reports continuity-counter gaps, PCR irregularities and
 * codecs it does not ingest. Every packet must start with the sync byte: a stream that loses
 * it is refused, not searched. Not thread-safe; one per stream.
 */
public final class TsDemuxer {
    private final TsLimits limits;
    private final byte[] partial = new byte[TsLimits.PACKET_SIZE];
    private int partialLength;
    private long offset;
    private final Timeline timeline = new Timeline();
    private final SectionAssembler pat = new SectionAssembler();
    private int pmtPid = -1;
    private SectionAssembler pmt;
    private int pcrPid = -1;
    private long lastPcr = -1;
    private final Map<Integer, Elementary> streams = new HashMap<>();
    private final Map<Integer, Integer> counters = new HashMap<>();
    private final Map<Integer, Boolean> reported = new HashMap<>();

    public TsDemuxer(TsLimits limits) { this.limits = limits; }

    /** Bytes of input consumed so far. */
    public long offset() { return offset; }

    public List<TsEvent> feed(byte[] data) { return feed(data, 0, data.length); }

    public List<TsEvent> feed(byte[] data, int off, int len) {
        List<TsEvent> out = new ArrayList<>();
        int i = off;
        int end = off + len;
        if (partialLength > 0) {
            int n = Math.min(TsLimits.PACKET_SIZE - partialLength, end - i);
            System.arraycopy(data, i, partial, partialLength, n);
            partialLength += n;
            i += n;
            if (partialLength < TsLimits.PACKET_SIZE) return out;
            packet(partial, 0, out);
            partialLength = 0;
        }
        while (end - i >= TsLimits.PACKET_SIZE) {
            packet(data, i, out);
            i += TsLimits.PACKET_SIZE;
        }
        if (i < end) {
            if ((data[i] & 0xff) != TsPacket.SYNC) throw new TsException(offset, "no sync byte 0x47 at a packet start");
            System.arraycopy(data, i, partial, 0, end - i);
            partialLength = end - i;
        }
        return out;
    }

    /** The end of the stream: what the last PES of each track completes. */
    public List<TsEvent> flush() {
        List<TsEvent> out = new ArrayList<>();
        for (Elementary e : streams.values()) e.complete(out);
        return out;
    }

    private void packet(byte[] b, int off, List<TsEvent> out) {
        long at = offset;
        offset += TsLimits.PACKET_SIZE;
        TsPacket p = TsPacket.parse(b, off, at);
        if (p.pid() == TsPacket.NULL_PID) return;
        if (p.pid() == pcrPid && p.pcr() >= 0) checkPcr(p, out);
        if (!p.hasPayload()) return;
        Elementary es = streams.get(p.pid());
        if (es == null && p.pid() != Psi.PAT_PID && p.pid() != pmtPid) return; // not ours: no state is kept for it
        boolean continuous = continuity(p, es, out);
        if (!continuous) return; // a repeated packet
        int start = off + p.payloadStart();
        int end = off + TsLimits.PACKET_SIZE;
        if (p.pid() == Psi.PAT_PID) {
            for (byte[] s : pat.feed(b, start, end, p.payloadUnitStart(), at)) programs(Psi.pat(s, at, limits));
        } else if (p.pid() == pmtPid) {
            for (byte[] s : pmt.feed(b, start, end, p.payloadUnitStart(), at)) map(Psi.pmt(s, at, limits), out);
        } else if (es != null) {
            es.payload(b, start, end, p.payloadUnitStart(), at, out);
        }
    }

    /** False for a duplicate packet (same counter again, 2.4.3.3), which is skipped. */
    private boolean continuity(TsPacket p, Elementary es, List<TsEvent> out) {
        Integer last = counters.put(p.pid(), p.continuityCounter());
        if (last == null || p.discontinuityIndicator()) return true;
        if (p.continuityCounter() == last) return false;
        int expected = (last + 1) & 0x0f;
        if (p.continuityCounter() != expected && es != null) {
            es.drop();
            out.add(new TsEvent.Discontinuity(es.type, p.pid(), expected, p.continuityCounter()));
        }
        return true;
    }

    /** The PCR must advance, by less than a few seconds (at most 100 ms apart is the rule, 2.7.2), unless marked discontinuous. */
    private void checkPcr(TsPacket p, List<TsEvent> out) {
        long previous = lastPcr;
        lastPcr = p.pcr();
        if (previous < 0 || p.discontinuityIndicator()) return;
        long delta = Math.floorMod(p.pcr() - previous, Timeline.WRAP * 300);
        if (delta == 0 || delta > 10L * 27_000_000) out.add(new TsEvent.PcrIrregular(p.pid(), previous, p.pcr()));
    }

    private void programs(List<Psi.Program> list) {
        if (list.isEmpty()) return;
        int pid = list.get(0).pmtPid();
        if (pid == pmtPid) return;
        pmtPid = pid;
        pmt = new SectionAssembler();
    }

    private void map(Psi.ProgramMap m, List<TsEvent> out) {
        pcrPid = m.pcrPid();
        Integer video = null;
        Integer audio = null;
        List<Psi.Stream> unsupported = new ArrayList<>();
        for (Psi.Stream s : m.streams()) {
            if (s.streamType() == StreamTypes.H264 && video == null) video = s.pid();
            else if (s.streamType() == StreamTypes.ADTS_AAC && audio == null) audio = s.pid();
            else if (StreamTypes.media(s.streamType()) != null) unsupported.add(s);
        }
        for (Psi.Stream s : unsupported) {
            TrackType t = StreamTypes.media(s.streamType());
            if ((t == TrackType.VIDEO ? video : audio) != null || reported.putIfAbsent(s.pid(), true) != null) continue;
            out.add(new TsEvent.Unsupported(t, s.streamType(), StreamTypes.codec(s.streamType())));
        }
        if (video != null) streams.computeIfAbsent(video, pid -> new Elementary(TrackType.VIDEO));
        if (audio != null) streams.computeIfAbsent(audio, pid -> new Elementary(TrackType.AUDIO));
    }

    /** One elementary stream's PES reassembly. */
    private final class Elementary {
        final TrackType type;
        final AvcStream avc;
        final AdtsStream adts;
        private byte[] buffer = new byte[4096];
        private int length;
        private boolean inPes;
        private long startedAt;

        Elementary(TrackType type) {
            this.type = type;
            this.avc = type == TrackType.VIDEO ? new AvcStream() : null;
            this.adts = type == TrackType.AUDIO ? new AdtsStream() : null;
        }

        void payload(byte[] b, int start, int end, boolean unitStart, long at, List<TsEvent> out) {
            if (unitStart) {
                complete(out);
                inPes = true;
                startedAt = at;
            }
            if (!inPes) return; // joined mid-PES, or after a loss: wait for the next start
            int n = end - start;
            if ((long) length + n > limits.maxPesBytes() + PesHeader.MIN_HEADER + 255) {
                throw new TsException(at, type.wireName() + " PES larger than " + limits.maxPesBytes() + " bytes");
            }
            if (length + n > buffer.length) buffer = java.util.Arrays.copyOf(buffer, Math.max(length + n, buffer.length * 2));
            System.arraycopy(b, start, buffer, length, n);
            length += n;
            if (length >= 6) {
                int announced = ((buffer[4] & 0xff) << 8) | (buffer[5] & 0xff);
                if (announced > 0 && length >= 6 + announced) complete(out);
            }
        }

        void drop() {
            inPes = false;
            length = 0;
        }

        void complete(List<TsEvent> out) {
            if (!inPes || length == 0) {
                drop();
                return;
            }
            try {
                PesHeader h = PesHeader.parse(buffer, length, startedAt);
                int end = h.packetLength() > 0 ? Math.min(length, 6 + h.packetLength()) : length;
                if (end < h.payloadStart()) throw new TsException(startedAt, "PES packet length " + h.packetLength() + " ends inside its own header");
                if (h.pts() < 0) return; // an access unit without a time cannot be placed; it is skipped
                long pts = timeline.unwrap(h.pts());
                long dts = h.dts() == h.pts() ? pts : timeline.unwrap(h.dts());
                if (dts < 0 || pts < dts - 90_000) return; // before the timeline's start, or a DTS far after its PTS
                if (type == TrackType.VIDEO) out.addAll(avc.accessUnit(buffer, h.payloadStart(), end, dts, pts, startedAt));
                else out.addAll(adts.pes(buffer, h.payloadStart(), end, pts, startedAt));
            } catch (MalformedMediaException e) {
                throw new TsException(startedAt, type.wireName() + " stream refused: " + e.getMessage());
            } finally {
                drop();
                if (buffer.length > 1 << 20 && length == 0) buffer = new byte[4096];
            }
        }
    }
}
