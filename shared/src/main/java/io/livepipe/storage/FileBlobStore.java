package io.livepipe.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.livepipe.events.EventPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: each blob one file under {@code root/blobs/}, holding a small header
 * (content type, metadata, ETag, time) and then the bytes, written to a temporary file and
 * renamed into place, so a reader sees the old blob or the new one, never half of either.
 * Conditional writes are exact within one process (a lock per path stripe); creates
 * (If-None-Match: *) also across processes, as a hard link. Leases hold across processes too
 * ({@link FileLeaseRecords}), with Blob storage's semantics (15-60 s, taken only when free,
 * expires unless renewed, writes to a leased blob must name the lease). Every successful
 * put emits {@code Microsoft.Storage.BlobCreated}, as a storage account's system topic does.
 */
public final class FileBlobStore implements BlobStore {
    static final int STRIPES = 64;
    static final int MAX_HEADER = 64 * 1024;
    private static final int MAGIC = 0x4c504231; // "LPB1"
    private static final ObjectMapper HEADER = new ObjectMapper();

    private final Path blobs;
    private final Path tmp;
    private final FileLeaseRecords leaseRecords;
    private final String account;
    private final String container;
    private final String baseUrl;
    private final EventPublisher events;
    private final Clock clock;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final AtomicLong sequencer = new AtomicLong();
    private final AtomicLong etags = new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));
    private final KnownProperties known = new KnownProperties();

    /** The header stored before a blob's bytes. */
    record Header(String contentType, Map<String, String> metadata, String etag, long lastModified) { }

    public FileBlobStore(Path root, String container, EventPublisher events, Clock clock) {
        this.blobs = root.resolve("blobs").toAbsolutePath().normalize();
        this.tmp = root.resolve(".tmp").toAbsolutePath().normalize();
        this.leaseRecords = new FileLeaseRecords(root.resolve(".leases").toAbsolutePath().normalize(), clock, this::lock);
        this.account = "local";
        this.container = container;
        this.baseUrl = "http://local.blob.localhost/";
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) locks[i] = new ReentrantLock();
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store under " + root, e);
        }
    }

    @Override
    public String backend() { return "file"; }

    private Path file(String path) {
        Path p = blobs.resolve(BlobPaths.require(path)).normalize();
        if (!p.startsWith(blobs)) throw new IllegalArgumentException("blob path leaves the store");
        return p;
    }

    private ReentrantLock lock(String path) { return locks[Math.floorMod(path.hashCode(), STRIPES)]; }

    @Override
    public BlobProperties put(String path, byte[] data, PutOptions options) {
        Path target = file(path);
        BlobProperties written;
        ReentrantLock l = lock(path);
        l.lock();
        try (FileLeaseRecords.LeaseFile lease = leaseRecords.forWrite(path, options.condition())) {
            Optional<BlobProperties> current = properties(path);
            check(path, current, options.condition());
            Instant now = clock.instant();
            String etag = "\"0x" + Long.toHexString(now.toEpochMilli()) + Long.toHexString(etags.incrementAndGet()) + "\"";
            Header h = new Header(options.contentType(), options.metadata(), etag, now.toEpochMilli());
            byte[] header = HEADER.writeValueAsBytes(h);
            Files.createDirectories(target.getParent());
            Path t = Files.createTempFile(tmp, "put", ".part");
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.WRITE)) {
                ByteBuffer prefix = ByteBuffer.allocate(8).putInt(MAGIC).putInt(header.length).flip();
                writeFully(ch, prefix);
                writeFully(ch, ByteBuffer.wrap(header));
                writeFully(ch, ByteBuffer.wrap(data));
                ch.force(false);
            }
            if ("*".equals(options.condition().ifNoneMatch())) create(t, target, path); else move(t, target);
            written = new BlobProperties(path, data.length, etag, options.contentType(), options.metadata(), now);
        } catch (IOException e) {
            throw new StoreException("cannot write " + path, e);
        } finally {
            l.unlock();
        }
        events.publish(BlobCreatedEvents.create(account, container, baseUrl + container + "/" + path, written,
                sequencer.incrementAndGet(), written.lastModified()));
        return written;
    }

    /**
     * A create (If-None-Match: *) that holds across processes sharing the folder, not only
     * within this one: link(2) fails when the name exists, where a rename would replace it.
     */
    private static void create(Path from, Path to, String path) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (java.nio.file.FileAlreadyExistsException taken) {
            Files.deleteIfExists(from);
            throw new PreconditionFailedException(path);
        } catch (UnsupportedOperationException noLinks) {
            move(from, to); // no hard links here: exact within this process (the path's lock) only
            return;
        }
        Files.deleteIfExists(from);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static void check(String path, Optional<BlobProperties> current, Condition c) {
        if (c.ifNoneMatch() != null && current.isPresent()
                && (c.ifNoneMatch().equals("*") || c.ifNoneMatch().equals(current.get().etag()))) {
            throw new PreconditionFailedException(path);
        }
        if (c.ifMatch() != null && (current.isEmpty()
                || !(c.ifMatch().equals("*") || c.ifMatch().equals(current.get().etag())))) {
            throw new PreconditionFailedException(path);
        }
    }

    @Override
    public Optional<Blob> get(String path) {
        return read(path, 0, Long.MAX_VALUE, false);
    }

    @Override
    public Optional<Blob> getRange(String path, long offset, long length) {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative range");
        return read(path, offset, length, true);
    }

    private Optional<Blob> read(String path, long offset, long length, boolean ranged) {
        Path f = file(path);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            Header h = header(path, ch);
            long start = 8L + headerLength(ch);
            long size = ch.size() - start;
            BlobProperties p = props(path, h, size);
            if (ranged && offset >= size) throw new RangeNotSatisfiableException(path, offset, size);
            long n = Math.min(length, size - offset);
            if (n > Integer.MAX_VALUE - 16) throw new StoreException(path + " is too large to read whole; read a range");
            ByteBuffer b = ByteBuffer.allocate((int) n);
            long pos = start + offset;
            while (b.hasRemaining()) {
                int r = ch.read(b, pos);
                if (r < 0) break;
                pos += r;
            }
            return Optional.of(new Blob(p, offset, b.array()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + path, e);
        }
    }

    @Override
    public Optional<LocalFile> localFile(String path) {
        Path f = file(path);
        FileChannel ch = null;
        try {
            // a blob file read before (KnownProperties): its header is not read again, the body
            // starts where the file's size less the blob's says (one stat and an open, no reads, no parse)
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            Optional<BlobProperties> remembered = known.find(path, a);
            ch = FileChannel.open(f, StandardOpenOption.READ);
            LocalFile out;
            if (remembered.isPresent() && ch.size() == a.size()) {
                out = new LocalFile(ch, a.size() - remembered.get().size(), remembered.get());
            } else {
                Header h = header(path, ch);
                long start = 8L + headerLength(ch);
                out = new LocalFile(ch, start, props(path, h, ch.size() - start));
                known.remember(path, a, out.properties());
            }
            ch = null;
            return Optional.of(out);
        } catch (NoSuchFileException e) {
            known.forget(path);
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + path, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // the read already failed; that is what is reported
                }
            }
        }
    }

    @Override
    public Optional<BlobProperties> properties(String path) {
        Path f = file(path);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(f, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            known.forget(path);
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + path, e);
        }
        return properties(path, f, a);
    }

    /** The properties of the blob file {@code f}, whose attributes (taken before) are {@code a}: remembered, or read. */
    private Optional<BlobProperties> properties(String path, Path f, BasicFileAttributes a) {
        Optional<BlobProperties> remembered = known.find(path, a);
        if (remembered.isPresent()) return remembered;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            Header h = header(path, ch);
            BlobProperties p = props(path, h, ch.size() - 8L - headerLength(ch));
            known.remember(path, a, p);
            return Optional.of(p);
        } catch (NoSuchFileException e) {
            known.forget(path);
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + path, e);
        }
    }

    private static BlobProperties props(String path, Header h, long size) {
        return new BlobProperties(path, size, h.etag(), h.contentType(), h.metadata() == null ? Map.of() : h.metadata(),
                Instant.ofEpochMilli(h.lastModified()));
    }

    private static int headerLength(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        ch.read(b, 0);
        return b.flip().getInt(4);
    }

    private static Header header(String path, FileChannel ch) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(8);
        if (ch.read(prefix, 0) != 8 || prefix.flip().getInt() != MAGIC) throw new StoreException(path + " is not a blob file");
        int len = prefix.getInt();
        if (len < 2 || len > MAX_HEADER || 8L + len > ch.size()) throw new StoreException(path + " has a corrupt header");
        ByteBuffer h = ByteBuffer.allocate(len);
        ch.read(h, 8);
        return HEADER.readValue(new String(h.array(), StandardCharsets.UTF_8), Header.class);
    }

    @Override
    public List<BlobProperties> list(String prefix) {
        String pre = BlobPaths.requirePrefix(prefix);
        int slash = pre.lastIndexOf('/');
        Path start = slash < 0 ? blobs : blobs.resolve(pre.substring(0, slash));
        Map<String, BasicFileAttributes> paths = new java.util.TreeMap<>();
        if (!Files.isDirectory(start)) return List.of();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = blobs.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    if (rel.startsWith(pre)) paths.put(rel, attrs);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot list " + prefix, e);
        }
        List<BlobProperties> out = new ArrayList<>(paths.size());
        for (Map.Entry<String, BasicFileAttributes> p : paths.entrySet()) properties(p.getKey(), file(p.getKey()), p.getValue()).ifPresent(out::add);
        return out;
    }

    @Override
    public boolean delete(String path, Condition condition) {
        Path f = file(path);
        ReentrantLock l = lock(path);
        l.lock();
        try (FileLeaseRecords.LeaseFile lease = leaseRecords.forWrite(path, condition)) {
            Optional<BlobProperties> current = properties(path);
            if (current.isEmpty()) {
                if (condition.ifMatch() != null) throw new PreconditionFailedException(path);
                return false;
            }
            check(path, current, condition);
            return Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new StoreException("cannot delete " + path, e);
        } finally {
            l.unlock();
        }
    }

    @Override
    public String acquireLease(String path, java.time.Duration duration, String proposedId) {
        long millis = Leases.seconds(duration) * 1000L;
        if (proposedId == null || proposedId.isEmpty()) throw new IllegalArgumentException("lease id required");
        try {
            put(path, new byte[0], PutOptions.of("application/octet-stream").with(Condition.ifAbsent()));
        } catch (PreconditionFailedException | LeaseLostException exists) {
            // a blob (perhaps leased) is there already: lease that one
        }
        return leaseRecords.acquire(path, millis, proposedId);
    }

    @Override
    public void renewLease(String path, String leaseId) { leaseRecords.renew(path, leaseId); }

    @Override
    public void releaseLease(String path, String leaseId) { leaseRecords.release(path, leaseId); }

    @Override
    public boolean breakLease(String path) { return leaseRecords.breakLease(path); }
}
