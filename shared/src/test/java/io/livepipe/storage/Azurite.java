package io.livepipe.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Azurite Blob service (the npm package the project installs), started on a free
 * loopback port with in-memory persistence and stopped with its process tree. Tests fail —
 * never skip — when it is missing: run {@code npm ci} (or {@code ./livepipe test}).
 */
public final class Azurite implements AutoCloseable {
    /** The well-known development account of Azurite and the storage emulator. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Azurite start() {
        Path bin = find();
        int port = freePort();
        try {
            Path workspace = Files.createTempDirectory("azurite");
            ProcessBuilder pb = new ProcessBuilder(List.of(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                    Integer.toString(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent",
                    "--disableTelemetry"))
                    .directory(workspace.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(workspace.resolve("azurite.log").toFile());
            Process p = pb.start();
            Azurite a = new Azurite(p, port);
            a.awaitPort(Duration.ofSeconds(30));
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Azurite from " + bin, e);
        }
    }

    private static Path find() {
        String configured = System.getProperty("livepipe.azurite");
        if (configured != null) return Path.of(configured);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("node_modules/.bin/azurite-blob");
            if (Files.isExecutable(candidate)) return candidate;
            dir = dir.getParent();
        }
        throw new IllegalStateException("Azurite is not installed: run `npm ci` at the repository root (./livepipe test does)");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Azurite exited with " + process.exitValue());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
        close();
        throw new IllegalStateException("Azurite did not answer on port " + port + " within " + timeout);
    }

    public int port() { return port; }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(5), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
