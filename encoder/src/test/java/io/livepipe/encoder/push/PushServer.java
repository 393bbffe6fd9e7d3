package io.livepipe.encoder.push;

import io.livepipe.encoder.http.HostResponse;
import io.livepipe.encoder.http.HttpHost;
import io.livepipe.encoder.publish.IngestGate;
import io.livepipe.http.HttpLimits;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Push ingest behind an HTTP host on a free loopback port, as the tests of push ingest run it. */
final class PushServer implements AutoCloseable {
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final PushIngest push;
    final HttpHost http;
    final int port;

    PushServer(IngestGate gate, PushLimits limits) throws InterruptedException {
        push = new PushIngest(gate, limits, timer);
        http = new HttpHost("test", HttpLimits.DEFAULTS, r -> HostResponse.problem(404, "no"), push);
        port = http.start("127.0.0.1", 0);
    }

    @Override
    public void close() {
        http.close();
        push.close();
        timer.shutdownNow();
    }
}
