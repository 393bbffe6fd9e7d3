/**
 * The storage port ({@link io.livepipe.storage.BlobStore}) and its adapters: a file-backed
 * store for one machine and the Azure Storage Blob SDK for Azure or Azurite. Conditional
 * writes follow HTTP's If-Match / If-None-Match (RFC 9110 section 13.1) as Blob storage
 * implements them.
 */
package io.livepipe.storage;
