package io.livepipe.encoder.service;

import io.livepipe.config.Settings;
import java.util.concurrent.CountDownLatch;

/**
 * The container's entry point: the encoder service with its settings from the environment
 * (the Container App's variables, set by infra-bicep), running until the process is stopped.
 */
public final class EncoderMain {
    private EncoderMain() { }

    public static void main(String[] args) throws InterruptedException {
        EncoderService service = new EncoderService(EncoderService.platformFrom(Settings.from(System.getenv())));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "shutdown"));
        service.start();
        stopped.await();
    }
}
