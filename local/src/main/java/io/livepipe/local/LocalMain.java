package io.livepipe.local;

import io.livepipe.config.Settings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./livepipe up --bare} (and, with a test pattern publishing, {@code ./livepipe up}): starts the local platform and runs until interrupted.
 * Arguments: {@code [--settings FILE] [--web DIR] [--node-modules DIR]}.
 */
public final class LocalMain {
    private LocalMain() { }

    public static void main(String[] args) throws InterruptedException {
        Path settingsFile = Path.of("local.settings.json");
        Path web = Path.of("web");
        Path nodeModules = Path.of("node_modules");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--settings" -> settingsFile = Path.of(args[i + 1]);
                case "--web" -> web = Path.of(args[i + 1]);
                case "--node-modules" -> nodeModules = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Settings settings = LocalPlatform.settingsFrom(settingsFile);
        LocalPlatform platform = new LocalPlatform(settings, web, nodeModules);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "shutdown"));
        platform.start();
        System.out.println("livepipe is up: http://localhost:" + platform.httpPort() + "/  (health: /api/health), "
                + "RTMP ingest on rtmp://localhost:" + platform.rtmpPort() + "/live/{streamKey}, RTMPS on rtmps://localhost:"
                + platform.rtmpsPort() + "/live/{streamKey}"
                + (platform.srtPort() < 0 ? "" : ", SRT on srt://localhost:" + platform.srtPort() + "?streamid={streamKey}"));
        stopped.await();
    }
}
