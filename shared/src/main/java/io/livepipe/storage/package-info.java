/**
 * The storage port ({@link io.livepipe.storage.BlobStore}) and its adapters: a file-backed
 * store for one machine and the Azure Storage Blob SDK for Azure or Azurite. Conditional
 * writes follow HTTP's If-Match / If-None-Match (RFC 9110 section 13.1) as Blob storage
 * implements them; leases (15-60 s, acquire/renew/release/break, writes naming the lease)
 * follow Blob storage's Lease Blob operation, on both backends. A {@link
 * io.livepipe.storage.FencedBlobStore} ties writes of many blobs to one lease.
 */
package io.livepipe.storage;
