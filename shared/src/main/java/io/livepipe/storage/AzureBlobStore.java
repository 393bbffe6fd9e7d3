package io.livepipe.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBreakLeaseOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.specialized.BlobLeaseClient;
import com.azure.storage.blob.specialized.BlobLeaseClientBuilder;
import com.azure.core.http.rest.Response;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store on Azure Blob storage (or Azurite), through the Azure Storage Blob SDK: one
 * container, block blobs, conditions as If-Match / If-None-Match / x-ms-lease-id request headers,
 * leases through the SDK's BlobLeaseClient. Metadata
 * keys must be valid C# identifiers, as Blob storage requires.
 */
public final class AzureBlobStore implements BlobStore {
    private final BlobContainerClient container;

    public AzureBlobStore(BlobContainerClient container) {
        this.container = container;
        container.createIfNotExists();
    }

    /** With a connection string: Azurite's, or an account key's. */
    public static AzureBlobStore fromConnectionString(String connectionString, String containerName) {
        return new AzureBlobStore(new BlobServiceClientBuilder().connectionString(connectionString).buildClient()
                .getBlobContainerClient(containerName));
    }

    /** With the account's endpoint and a managed identity (Storage Blob Data Contributor). */
    public static AzureBlobStore fromEndpoint(String accountUrl, String containerName) {
        return new AzureBlobStore(new BlobServiceClientBuilder().endpoint(accountUrl)
                .credential(new DefaultAzureCredentialBuilder().build()).buildClient()
                .getBlobContainerClient(containerName));
    }

    @Override
    public String backend() { return "azure-blob"; }

    private BlobClient blob(String path) { return container.getBlobClient(BlobPaths.require(path)); }

    private static BlobRequestConditions conditions(Condition c) {
        return new BlobRequestConditions().setIfMatch(c.ifMatch()).setIfNoneMatch(c.ifNoneMatch()).setLeaseId(c.leaseId());
    }

    @Override
    public BlobProperties put(String path, byte[] data, PutOptions options) {
        BlobClient b = blob(path);
        try {
            Response<BlockBlobItem> r = b.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(data))
                    .setHeaders(new BlobHttpHeaders().setContentType(options.contentType()))
                    .setMetadata(options.metadata().isEmpty() ? null : options.metadata())
                    .setRequestConditions(conditions(options.condition())), null, Context.NONE);
            BlockBlobItem item = r.getValue();
            return new BlobProperties(path, data.length, item.getETag(), options.contentType(), options.metadata(),
                    item.getLastModified().toInstant());
        } catch (BlobStorageException e) {
            throw translate(path, e);
        }
    }

    @Override
    public Optional<Blob> get(String path) {
        try {
            BlobDownloadContentResponse r = blob(path).downloadContentWithResponse(null, null, null, Context.NONE);
            var h = r.getDeserializedHeaders();
            byte[] data = r.getValue().toBytes();
            return Optional.of(new Blob(new BlobProperties(path, data.length, h.getETag(), h.getContentType(),
                    h.getMetadata() == null ? Map.of() : h.getMetadata(), h.getLastModified().toInstant()), 0, data));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) return Optional.empty();
            throw translate(path, e);
        }
    }

    @Override
    public Optional<Blob> getRange(String path, long offset, long length) {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative range");
        Optional<BlobProperties> props = properties(path);
        if (props.isEmpty()) return Optional.empty();
        BlobProperties p = props.get();
        if (offset >= p.size()) throw new RangeNotSatisfiableException(path, offset, p.size());
        long n = Math.min(length, p.size() - offset);
        if (n == 0) return Optional.of(new Blob(p, offset, new byte[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(n, Integer.MAX_VALUE - 16));
        try {
            blob(path).downloadStreamWithResponse(out, new BlobRange(offset, n), new DownloadRetryOptions(),
                    new BlobRequestConditions().setIfMatch(p.etag()), false, null, Context.NONE);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) return Optional.empty();
            if (e.getStatusCode() == 412) return getRange(path, offset, length);
            throw translate(path, e);
        }
        return Optional.of(new Blob(p, offset, out.toByteArray()));
    }

    @Override
    public Optional<BlobProperties> properties(String path) {
        try {
            var p = blob(path).getProperties();
            return Optional.of(new BlobProperties(path, p.getBlobSize(), p.getETag(), p.getContentType(),
                    p.getMetadata() == null ? Map.of() : p.getMetadata(), p.getLastModified().toInstant()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) return Optional.empty();
            throw translate(path, e);
        }
    }

    @Override
    public List<BlobProperties> list(String prefix) {
        List<BlobProperties> out = new ArrayList<>();
        try {
            for (BlobItem i : container.listBlobs(listOptions(prefix), null)) out.add(properties(i));
        } catch (BlobStorageException e) {
            throw translate(prefix, e);
        }
        return out;
    }

    /** One page of Blob storage's own listing; the continuation is its NextMarker. */
    @Override
    public ListPage listPage(String prefix, String continuation, int maxResults) {
        if (maxResults < 1) throw new IllegalArgumentException("maxResults must be at least 1");
        ListBlobsOptions o = listOptions(prefix).setMaxResultsPerPage(maxResults);
        try {
            var pages = container.listBlobs(o, null).iterableByPage(continuation, maxResults).iterator();
            if (!pages.hasNext()) return new ListPage(List.of(), null);
            var page = pages.next();
            List<BlobProperties> out = new ArrayList<>();
            for (BlobItem i : page.getValue()) out.add(properties(i));
            String next = page.getContinuationToken();
            return new ListPage(out, next == null || next.isEmpty() ? null : next);
        } catch (BlobStorageException e) {
            throw translate(prefix, e);
        }
    }

    private static ListBlobsOptions listOptions(String prefix) {
        String pre = BlobPaths.requirePrefix(prefix);
        ListBlobsOptions o = new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true));
        if (!pre.isEmpty()) o.setPrefix(pre);
        return o;
    }

    private static BlobProperties properties(BlobItem i) {
        var p = i.getProperties();
        return new BlobProperties(i.getName(), p.getContentLength() == null ? 0 : p.getContentLength(), p.getETag(),
                p.getContentType(), i.getMetadata() == null ? Map.of() : i.getMetadata(),
                p.getLastModified() == null ? Instant.EPOCH : p.getLastModified().toInstant());
    }

    @Override
    public boolean delete(String path, Condition condition) {
        try {
            blob(path).deleteWithResponse(null, conditions(condition), null, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                if (condition.ifMatch() != null) throw new PreconditionFailedException(path);
                return false;
            }
            throw translate(path, e);
        }
    }

    private BlobLeaseClient lease(String path, String leaseId) {
        return new BlobLeaseClientBuilder().blobClient(blob(path)).leaseId(leaseId).buildClient();
    }

    @Override
    public String acquireLease(String path, Duration duration, String proposedId) {
        int seconds = Leases.seconds(duration);
        try {
            blob(path).uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(new byte[0]))
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, Context.NONE);
        } catch (BlobStorageException exists) {
            if (exists.getStatusCode() != 409 && exists.getStatusCode() != 412) throw translate(path, exists);
        }
        try {
            return lease(path, proposedId).acquireLease(seconds);
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409) throw new LeaseHeldException(path);
            throw translate(path, e);
        }
    }

    @Override
    public void renewLease(String path, String leaseId) {
        try {
            lease(path, leaseId).renewLease();
        } catch (BlobStorageException e) {
            throw leaseOperation(path, e);
        }
    }

    @Override
    public void releaseLease(String path, String leaseId) {
        try {
            lease(path, leaseId).releaseLease();
        } catch (BlobStorageException e) {
            throw leaseOperation(path, e);
        }
    }

    @Override
    public boolean breakLease(String path) {
        try {
            new BlobLeaseClientBuilder().blobClient(blob(path)).buildClient()
                    .breakLeaseWithResponse(new BlobBreakLeaseOptions().setBreakPeriod(Duration.ZERO), null, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 409 || e.getStatusCode() == 404) return false;
            throw translate(path, e);
        }
    }

    /** A lease operation refused with 409 (mismatch, broken, not present) or 404: the lease is not the caller's. */
    private static StoreException leaseOperation(String path, BlobStorageException e) {
        if (e.getStatusCode() == 409 || e.getStatusCode() == 404) return new LeaseLostException(path);
        return translate(path, e);
    }

    private static StoreException translate(String path, BlobStorageException e) {
        int s = e.getStatusCode();
        if (s == 412 && String.valueOf(e.getErrorCode()).startsWith("Lease")) return new LeaseLostException(path);
        if (s == 412 || (s == 409 && "BlobAlreadyExists".equals(String.valueOf(e.getErrorCode())))) {
            return new PreconditionFailedException(path);
        }
        return new StoreException("blob storage refused " + path + ": " + s + " " + e.getErrorCode(), e);
    }
}
