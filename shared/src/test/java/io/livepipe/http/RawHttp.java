package io.livepipe.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A raw HTTP/1.1 client over a {@link Socket}, for what java.net.http will not send: pipelined
 * requests, missing or doubled Host fields, illegal targets, trickled bytes. Reads responses framed
 * by Content-Length only (the hosts under test always send it).
 */
public final class RawHttp implements AutoCloseable {
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() { return new String(body, StandardCharsets.UTF_8); }
    }

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawHttp send(String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next response; {@code head}: it answers a HEAD, so no body follows whatever Content-Length says. */
    public Response read(boolean head) {
        try {
            String status = line();
            if (status == null) throw new AssertionError("connection closed before a response");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            if (headers.containsKey("transfer-encoding")) throw new AssertionError("unexpected chunked response: " + headers);
            int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length != length) throw new AssertionError("body cut short: " + body.length + " of " + length);
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response read() { return read(false); }

    /** Whether the server closed the connection (end of stream) rather than sending more, within the socket timeout. */
    public boolean closed() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 65536) throw new AssertionError("header line too long");
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Sends {@code bytes} one every 100 ms until the server answers (then reads the answer) or 20 s
     * pass: a slowloris client.
     */
    public Response trickle(String bytes) throws InterruptedException {
        long t0 = System.nanoTime();
        AtomicBoolean going = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < bytes.length() && going.get() && System.nanoTime() - t0 < 20_000_000_000L; i++) {
                try {
                    send(bytes.substring(i, i + 1));
                    Thread.sleep(100);
                } catch (RuntimeException | InterruptedException e) {
                    return; // the server closed: the trickle ends
                }
            }
        });
        writer.start();
        try {
            return read();
        } finally {
            going.set(false);
            writer.join(5000);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket the server may have reset
        }
    }
}
