package io.livepipe.encoder.rtmp;

import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.encoder.publish.PublishRequest;
import io.livepipe.encoder.publish.PublishSession;
import io.livepipe.media.CodecConfig;
import io.livepipe.media.MediaSample;
import io.livepipe.media.TrackType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A gate that accepts one key (or refuses all) and records what each session receives. */
final class RecordingGate implements IngestGate {
    final String acceptedKey;
    final List<PublishRequest> requests = new CopyOnWriteArrayList<>();
    final List<Recorder> sessions = new CopyOnWriteArrayList<>();

    RecordingGate(String acceptedKey) { this.acceptedKey = acceptedKey; }

    static final class Recorder implements PublishSession {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final List<MediaSample> samples = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile String resultCode;

        @Override public void onMetadata(Map<String, Object> metadata) { events.add(metadata); }
        @Override public void onCodecConfig(CodecConfig config) { events.add(config); }
        @Override public void onSample(MediaSample sample) { events.add(sample); samples.add(sample); }
        @Override public void onUnsupportedCodec(TrackType type, String codec) { events.add("unsupported " + codec); }
        @Override public void onClosed(String code) { resultCode = code; closed.countDown(); }

        boolean awaitClosed(long seconds) throws InterruptedException { return closed.await(seconds, TimeUnit.SECONDS); }

        List<MediaSample> of(TrackType t) { return samples.stream().filter(s -> s.type() == t).toList(); }
    }

    @Override
    public PublishDecision authorize(PublishRequest request) {
        requests.add(request);
        if (!request.streamKey().equals(acceptedKey)) return new PublishDecision.Refuse("MPE_RTMP_APPID_AUTH_FAILURE", "unknown stream key");
        Recorder r = new Recorder();
        sessions.add(r);
        return new PublishDecision.Accept(r);
    }
}
