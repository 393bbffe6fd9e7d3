/**
 * Media values shared by every stage of the pipeline (ingest, fragmenter, packager): samples
 * and decoder configurations. Format parsers and writers live in sub-packages, one per format.
 */
package io.livepipe.media;
