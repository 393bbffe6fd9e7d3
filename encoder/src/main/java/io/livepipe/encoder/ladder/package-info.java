/**
 * Live encoding: FFmpeg as a managed child process per channel run, producing an ABR ladder
 * (the retired service's Default720p and Default1080p presets) whose rungs come back through
 * named pipes as FLV into the same fragmenter as pass-through. FFmpeg does the transcoding;
 * everything around it (feeding, reading, restarting, archiving) is ours.
 */
package io.livepipe.encoder.ladder;
