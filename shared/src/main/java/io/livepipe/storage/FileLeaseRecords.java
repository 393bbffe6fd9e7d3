package io.livepipe.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The leases of {@link FileBlobStore}: a blob's lease is a small JSON record in
 * {@code root/.leases/{path}.lease}, read and changed only under an OS file lock on it (so it
 * holds across processes) and the store's lock of the path's stripe (so it holds across threads,
 * which one process's OS lock does not), with Blob storage's semantics: taken only when free,
 * expires unless renewed, ended early by a release or a break.
 */
final class FileLeaseRecords {
    /** How long a lease operation waits for another thread of this process to finish with the same lease record. */
    static final Duration LEASE_LOCK_WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path leases;
    private final Clock clock;
    private final Function<String, ReentrantLock> stripe;

    /** What a lease file holds: the lease's id, its duration, when it runs out, and whether it was ended early. */
    record LeaseState(String id, long durationMillis, long expiresMillis, boolean ended) {
        boolean activeAt(long now) { return id != null && !ended && now < expiresMillis; }
    }

    FileLeaseRecords(Path leases, Clock clock, Function<String, ReentrantLock> stripe) {
        this.leases = leases;
        this.clock = clock;
        this.stripe = stripe;
    }

    /** A blob's lease record, locked against every other thread and process for as long as it is open. */
    static final class LeaseFile implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final String path;

        LeaseFile(String path, FileChannel channel, FileLock lock) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
        }

        LeaseState read() throws IOException {
            if (channel.size() == 0) return new LeaseState(null, 0, 0, true);
            if (channel.size() > FileBlobStore.MAX_HEADER) throw new StoreException(path + " has a corrupt lease");
            ByteBuffer b = ByteBuffer.allocate((int) channel.size());
            while (b.hasRemaining()) {
                if (channel.read(b, b.position()) < 0) break;
            }
            return JSON.readValue(b.array(), LeaseState.class);
        }

        void write(LeaseState s) throws IOException {
            byte[] bytes = JSON.writeValueAsBytes(s);
            channel.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long pos = 0;
            while (b.hasRemaining()) pos += channel.write(b, pos);
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            try {
                if (lock != null) lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private Path leaseFile(String path) {
        Path p = leases.resolve(BlobPaths.require(path) + ".lease").normalize();
        if (!p.startsWith(leases)) throw new IllegalArgumentException("blob path leaves the store");
        return p;
    }

    /** Opens and locks the blob's lease record (creating it if asked); null if there is none and none was to be made. */
    private LeaseFile open(String path, boolean create) throws IOException {
        Path f = leaseFile(path);
        FileChannel ch;
        try {
            if (create) Files.createDirectories(f.getParent());
            ch = create ? FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                    : FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException none) {
            return null;
        }
        long deadline = System.nanoTime() + LEASE_LOCK_WAIT.toNanos();
        while (true) {
            try {
                return new LeaseFile(path, ch, ch.lock());
            } catch (OverlappingFileLockException sameProcess) {
                // another store object in this JVM holds it (the OS lock is per process): wait our turn
                if (System.nanoTime() > deadline) {
                    ch.close();
                    throw new StoreException("lease of " + path + " stayed locked for " + LEASE_LOCK_WAIT);
                }
                LockSupport.parkNanos(200_000);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    /**
     * The blob's lease record, locked for the write, if the blob has one; refuses the write
     * when an active lease is not the one named, or a lease is named and none is active. The
     * caller holds the path's stripe lock.
     */
    LeaseFile forWrite(String path, Condition c) throws IOException {
        LeaseFile f = open(path, false);
        boolean active;
        String id;
        try {
            LeaseState s = f == null ? null : f.read();
            active = s != null && s.activeAt(clock.millis());
            id = s == null ? null : s.id();
        } catch (IOException | RuntimeException e) {
            if (f != null) f.close();
            throw e;
        }
        if (active ? !id.equals(c.leaseId()) : c.leaseId() != null) {
            if (f != null) f.close();
            throw new LeaseLostException(path);
        }
        return f;
    }

    /** Takes the lease of an existing blob for {@code millis}, unless another lease is active. */
    String acquire(String path, long millis, String proposedId) {
        ReentrantLock l = stripe.apply(path);
        l.lock();
        try (LeaseFile f = open(path, true)) {
            LeaseState s = f.read();
            long now = clock.millis();
            if (s.activeAt(now) && !s.id().equals(proposedId)) throw new LeaseHeldException(path);
            f.write(new LeaseState(proposedId, millis, now + millis, false));
            return proposedId;
        } catch (IOException e) {
            throw new StoreException("cannot lease " + path, e);
        } finally {
            l.unlock();
        }
    }

    void renew(String path, String leaseId) {
        change(path, leaseId, s -> new LeaseState(s.id(), s.durationMillis(), clock.millis() + s.durationMillis(), false));
    }

    void release(String path, String leaseId) {
        change(path, leaseId, s -> new LeaseState(s.id(), s.durationMillis(), 0, true));
    }

    /** Changes the lease if it is still {@code leaseId}'s: active, or expired and taken by no one since (Blob storage renews those too). */
    private void change(String path, String leaseId, UnaryOperator<LeaseState> change) {
        ReentrantLock l = stripe.apply(path);
        l.lock();
        try (LeaseFile f = open(path, false)) {
            if (f == null) throw new LeaseLostException(path);
            LeaseState s = f.read();
            if (s.id() == null || s.ended() || !s.id().equals(leaseId)) throw new LeaseLostException(path);
            f.write(change.apply(s));
        } catch (IOException e) {
            throw new StoreException("cannot change the lease of " + path, e);
        } finally {
            l.unlock();
        }
    }

    /** Ends the active lease, if any; true if there was one. */
    boolean breakLease(String path) {
        ReentrantLock l = stripe.apply(path);
        l.lock();
        try (LeaseFile f = open(path, false)) {
            if (f == null) return false;
            LeaseState s = f.read();
            if (!s.activeAt(clock.millis())) return false;
            f.write(new LeaseState(s.id(), s.durationMillis(), 0, true));
            return true;
        } catch (IOException e) {
            throw new StoreException("cannot break the lease of " + path, e);
        } finally {
            l.unlock();
        }
    }
}
