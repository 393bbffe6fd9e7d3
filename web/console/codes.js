// What each result code and event type means, as docs/events.md says it, for the events list.
export const RESULT_CODES = {
  S_OK: 'the encoder unpublished normally',
  MPE_RTMP_APPID_AUTH_FAILURE: 'unknown or rotated stream key (over SRT also a wrong or missing passphrase)',
  MPE_INGEST_CHANNEL_NOT_RUNNING: 'the channel is not Running: start it first',
  MPE_INGEST_ENCODER_CONNECTION_DENIED: "the encoder's address is outside the channel's ingest allow-list",
  MPE_INGEST_RTMP_ALREADY_PUBLISHING: 'another encoder already publishes to this input',
  MPE_INGEST_BITRATE_AGGREGATED_EXCEEDED: 'ingest stalled (storage or FFmpeg slower than the encoder) and the encoder was cut',
  MPE_INGEST_SERVICE_UNAVAILABLE: 'the channel store could not be read; the encoder should retry',
  MPE_BAD_URL_SYNTAX: 'the ingest path is not /live/{key} or /backup/{key}',
  MPE_CLIENT_TERMINATED_SESSION: 'the connection closed without an unpublish',
  MPE_RTMP_SESSION_IDLE_TIMEOUT: 'nothing received for 30 s',
  MPE_INGEST_CODEC_NOT_SUPPORTED: 'a codec other than H.264 / AAC',
  MPE_INGEST_DESCRIPTION_INFO_NOT_RECEIVED: 'media arrived before its sequence header',
  MPE_RTMP_PROTOCOL_VIOLATION: 'malformed RTMP, AMF or FLV, or a limit exceeded',
  MPE_INGEST_FRAGMENT_MALFORMED: 'pushed fragmented MP4 was malformed',
  MPE_INGEST_MPEGTS_MALFORMED: "the SRT publisher's transport stream was malformed",
  MPI_REST_API_CHANNEL_STOP: 'the channel was stopped through the API',
  MPI_REST_API_CHANNEL_RESET: 'the channel was reset through the API',
};

export const EVENT_NAMES = {
  'Microsoft.Media.LiveEventConnectionRejected': 'Connection rejected',
  'Microsoft.Media.LiveEventEncoderConnected': 'Encoder connected',
  'Microsoft.Media.LiveEventEncoderDisconnected': 'Encoder disconnected',
  'Microsoft.Media.LiveEventIncomingStreamReceived': 'Incoming stream received',
  'Microsoft.Media.LiveEventIngestHeartbeat': 'Heartbeat',
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': 'Track discontinuity',
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': 'Streams out of sync',
  'Livepipe.ChannelStateChanged': 'Channel state changed',
  'Livepipe.ProgramStarted': 'Program started',
  'Livepipe.ProgramStopped': 'Program stopped',
  'Livepipe.AssetSealed': 'Asset sealed (VOD)',
  'Livepipe.LiveEncoderFailed': 'Live encoder failed',
  'Livepipe.ChannelLeaseLost': 'Channel lease lost',
  'Livepipe.IngestInputActive': 'Ingest input active',
};

/** One line about an event's data: the result code explained, or its key figures. */
export function summary(e) {
  const d = e.data || {};
  if (d.resultCode) return `${d.resultCode} — ${RESULT_CODES[d.resultCode] || 'see docs/events.md'}` + (d.encoderIp ? ` (from ${d.encoderIp})` : '');
  switch (e.eventType) {
    case 'Microsoft.Media.LiveEventEncoderConnected': return `from ${d.encoderIp}:${d.encoderPort} at ${d.ingestUrl || ''}`;
    case 'Microsoft.Media.LiveEventIngestHeartbeat':
      return `${d.trackName}: ${Math.round((d.incomingBitrate || 0) / 1000)} kbit/s${d.healthy ? ', healthy' : ', UNHEALTHY'}`
        + (d.discontinuityCount ? `, ${d.discontinuityCount} discontinuities` : '');
    case 'Microsoft.Media.LiveEventIncomingStreamReceived': return `${d.trackType} ${d.trackName}` + (d.bitrate ? ` at ${Math.round(d.bitrate / 1000)} kbit/s declared` : '');
    case 'Microsoft.Media.LiveEventTrackDiscontinuityDetected': return `${d.trackName}: gap ${d.discontinuityGap} (timescale ${d.timescale})`;
    case 'Livepipe.ChannelStateChanged': return `${d.previousState} → ${d.state}` + (d.reason ? ` (${d.reason})` : '');
    case 'Livepipe.ProgramStarted': case 'Livepipe.ProgramStopped': case 'Livepipe.AssetSealed':
      return `${d.programName} → asset ${d.assetName}`;
    case 'Livepipe.LiveEncoderFailed': return `FFmpeg exited ${d.exitCode}${d.restarted ? ', restarted' : ''}`;
    case 'Livepipe.IngestInputActive': return `${d.input} input (${d.reason})`;
    default: return '';
  }
}
