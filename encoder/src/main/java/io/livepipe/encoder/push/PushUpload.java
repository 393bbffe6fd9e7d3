package io.livepipe.encoder.push;

import io.livepipe.encoder.http.HostResponse;
import io.livepipe.encoder.http.UploadExchange;
import io.livepipe.encoder.http.UploadRoute;
import io.livepipe.encoder.publish.PublishDecision;
import io.livepipe.events.media.ResultCodes;
import io.livepipe.media.MalformedMediaException;
import io.livepipe.media.mp4.FragmentedMp4Reader;
import io.livepipe.media.mp4.Mp4Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * One POST or PUT of fragmented MP4 to a push URL: its body read as it arrives
 * ({@link FragmentedMp4Reader}) into its publish, once the publish is accepted (until then what
 * arrives waits, within {@link PushLimits#maxBytesBeforeAccept()}). Answered 200 when its body
 * ended whole; 400 when it is malformed or truncated (and the publish ends with
 * {@link ResultCodes#FRAGMENT_MALFORMED}); the gate's refusal as 403, 409 or 503.
 */
final class PushUpload implements UploadRoute.Upload {
    private static final Logger LOG = Logger.getLogger(PushUpload.class.getName());

    private final PushPath path;
    private final UploadExchange exchange;
    private final PushLimits limits;
    private final PushIngest owner;
    private final FragmentedMp4Reader reader;
    private final List<byte[]> waiting = new ArrayList<>();
    private int waitingBytes;
    private PushPublish publish;
    private List<Mp4Track> local;
    private boolean sawFragment;
    private boolean bodyEnded;
    private boolean done;
    private long held;

    PushUpload(PushPath path, UploadExchange exchange, PushLimits limits, PushIngest owner) {
        this.path = path;
        this.exchange = exchange;
        this.limits = limits;
        this.owner = owner;
        this.reader = new FragmentedMp4Reader(limits.maxBoxBytes());
    }

    PushPath path() { return path; }

    UploadExchange exchange() { return exchange; }

    @Override
    public synchronized void data(byte[] bytes) {
        if (done) return;
        if (publish == null) {
            waitingBytes += bytes.length;
            // Read on while the gate decides (a sender may leave as soon as its body is sent), up to the bound; then wait in TCP.
            if (waitingBytes > limits.maxBytesBeforeAccept()) exchange.reading(false);
            if (waitingBytes > 2L * limits.maxBytesBeforeAccept()) {
                refuse(413, "more than " + limits.maxBytesBeforeAccept() + " bytes arrived before the publish was accepted");
                return;
            }
            waiting.add(bytes);
            return;
        }
        feed(bytes);
    }

    @Override
    public synchronized void end() {
        bodyEnded = true;
        if (publish != null && !done) finish();
    }

    @Override
    public void aborted() {
        PushPublish p;
        synchronized (this) {
            if (done) return;
            done = true;
            release();
            p = publish;
        }
        LOG.info(() -> "event=push_upload_aborted remote=" + exchange.remote() + " name=" + path.name());
        if (p != null) p.failed(this, ResultCodes.CLIENT_TERMINATED_SESSION);
    }

    /** The publish took this upload: what waited goes in now. */
    synchronized void accepted(PushPublish p) {
        if (done) {
            p.ended(this, false);
            return;
        }
        publish = p;
        for (byte[] b : waiting) {
            if (done) break;
            feed(b);
        }
        waiting.clear();
        waitingBytes = 0;
        if (bodyEnded && !done) finish();
    }

    /** The gate refused the publish. */
    synchronized void refused(PublishDecision.Refuse r) {
        if (done) return;
        refuse(status(r.resultCode()), r.reason() + " (" + r.resultCode() + ")");
    }

    /** The publish ended while this upload was open (the channel stopped, another upload failed). */
    synchronized void publishEnded(String resultCode) {
        if (done) return;
        refuse(409, "the publish ended (" + resultCode + ")");
    }

    void reading(boolean on) { exchange.reading(on); }

    private void feed(byte[] bytes) {
        try {
            for (FragmentedMp4Reader.Part part : reader.feed(bytes, 0, bytes.length)) {
                if (part instanceof FragmentedMp4Reader.Part.Header h) {
                    local = h.tracks();
                    publish.header(path.trackKey(), h.tracks());
                } else if (part instanceof FragmentedMp4Reader.Part.Fragment f) {
                    sawFragment = true;
                    publish.fragment(path.trackKey(), local, f.moof(), f.mdat());
                }
            }
        } catch (MalformedMediaException | ArithmeticException e) {
            fail(400, ResultCodes.FRAGMENT_MALFORMED, e.getMessage());
            return;
        }
        long now = reader.bytesHeld();
        if (!owner.hold(now - held)) {
            held = now;
            fail(503, ResultCodes.BITRATE_AGGREGATED_EXCEEDED, "push ingest holds too much at once; retry");
            return;
        }
        held = now;
    }

    private void finish() {
        if (reader.incomplete()) {
            fail(400, ResultCodes.FRAGMENT_MALFORMED, "the body ended inside a box: truncated MP4");
            return;
        }
        done = true;
        release();
        exchange.answer(new HostResponse(200, Map.of("Cache-Control", "no-store"), new byte[0]));
        publish.ended(this, local != null && sawFragment);
    }

    private void fail(int status, String resultCode, String detail) {
        LOG.info(() -> "event=push_upload_refused remote=" + exchange.remote() + " name=" + path.name() + " status=" + status
                + " resultCode=" + resultCode + " detail=\"" + String.valueOf(detail).replace('"', '\'') + "\"");
        refuse(status, detail + " (" + resultCode + ")");
        if (publish != null) publish.failed(this, resultCode);
    }

    private void refuse(int status, String detail) {
        done = true;
        release();
        waiting.clear();
        exchange.answer(HostResponse.problem(status, detail));
    }

    private void release() {
        owner.hold(-held);
        held = 0;
    }

    /** The HTTP status of a gate's refusal. */
    static int status(String resultCode) {
        return switch (resultCode) {
            case ResultCodes.APPID_AUTH_FAILURE, ResultCodes.CONNECTION_DENIED -> 403;
            case ResultCodes.CHANNEL_NOT_RUNNING, ResultCodes.ALREADY_PUBLISHING -> 409;
            case ResultCodes.BAD_URL_SYNTAX -> 400;
            default -> 503;
        };
    }
}
