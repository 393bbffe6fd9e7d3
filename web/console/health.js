// Live health graphs from the channel's heartbeats (Microsoft.Media.LiveEventIngestHeartbeat,
// every 20 s per track, in the observed state's recent events): incoming bitrate per track, the
// video's frame rate and key-frame interval (livepipe's heartbeat fields), and the
// discontinuities, overlaps, non-increasing timestamps and SRT drops of each window.
import { el, fmtKbps } from './ui.js';

const HEARTBEAT = 'Microsoft.Media.LiveEventIngestHeartbeat';
const COLOURS = ['#0b57a4', '#b3261e', '#0a6b2b', '#7d3c98', '#8a5a00', '#2f4f4f'];
/** How far back the graphs reach (the recent-events list bounds it too: 100 events). */
const WINDOW_SECONDS = 15 * 60;

/** Heartbeats grouped by time (tracks of one tick share a second) → aligned series per track. */
export function heartbeatSeries(recentEvents) {
  const beats = recentEvents.filter(e => e.eventType === HEARTBEAT && e.data && e.data.trackName)
    .map(e => ({ t: Math.round(Date.parse(e.eventTime) / 1000), d: e.data }))
    .sort((a, b) => a.t - b.t);
  const newest = beats.length ? beats[beats.length - 1].t : 0;
  const recent = beats.filter(b => b.t > newest - WINDOW_SECONDS);
  const tracks = [...new Set(recent.map(b => b.d.trackName))].sort();
  const times = [...new Set(recent.map(b => b.t))];
  const index = new Map(times.map((t, i) => [t, i]));
  const column = () => times.map(() => null);
  const bitrate = Object.fromEntries(tracks.map(t => [t, column()]));
  const declared = Object.fromEntries(tracks.map(t => [t, 0]));
  const problems = { discontinuities: column(), overlaps: column(), nonincreasing: column(), srtDropped: column() };
  const cadence = { frameRate: column(), keyFrameInterval: column() };
  const lastDropped = {};
  for (const { t, d } of recent) {
    const i = index.get(t);
    bitrate[d.trackName][i] = d.incomingBitrate || 0;
    declared[d.trackName] = d.bitrate || 0;
    if (d.trackType === 'video') {
      if (d.frameRate != null) cadence.frameRate[i] = d.frameRate;
      if (d.keyFrameInterval != null) cadence.keyFrameInterval[i] = d.keyFrameInterval;
    }
    const add = (k, v) => { problems[k][i] = (problems[k][i] || 0) + (v || 0); };
    add('discontinuities', d.discontinuityCount); add('overlaps', d.overlapCount); add('nonincreasing', d.nonincreasingCount);
    if (d.srt) {
      const prior = lastDropped[d.trackName];
      add('srtDropped', prior === undefined ? 0 : Math.max(0, d.srt.packetsDropped - prior));
      lastDropped[d.trackName] = d.srt.packetsDropped;
    }
  }
  return { times, tracks, bitrate, declared, problems, cadence };
}

export function healthGraphs(state) {
  const width = () => Math.max(320, Math.min(720, root.clientWidth || 640));
  const summary = el('p', { role: 'status', 'aria-live': 'polite', class: 'muted' }, 'no heartbeat yet (one every 20 s per track while an encoder publishes)');
  const bitrateBox = el('div', { class: 'chart', role: 'img', 'aria-label': 'Incoming bitrate per track over the last minutes' });
  const problemsBox = el('div', { class: 'chart', role: 'img', 'aria-label': 'Discontinuities, overlaps, non-increasing timestamps and SRT drops per heartbeat' });
  const cadenceBox = el('div', { class: 'chart', role: 'img', 'aria-label': 'Video frame rate and key-frame interval per heartbeat' });
  const root = el('section', { 'aria-labelledby': 'healthTitle' }, el('h3', { id: 'healthTitle' }, 'Health'), summary,
    el('h4', {}, 'Incoming bitrate (kbit/s)'), bitrateBox, el('h4', {}, 'Video: frame rate (fps) and key-frame interval (s)'), cadenceBox,
    el('h4', {}, 'Problems per 20 s window'), problemsBox);
  let bitrateChart = null, problemsChart = null, cadenceChart = null, shape = '';
  const cadenceOpts = () => ({ width: width(), height: 160, scales: { x: { time: true }, fps: { range: (u, min, max) => [0, Math.max(30, Math.ceil(max * 1.15))] },
    s: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.3))] } },
    axes: [{}, { scale: 'fps', size: 50 }, { scale: 's', side: 1, size: 50, grid: { show: false } }],
    series: [{}, { label: 'frame rate (fps)', scale: 'fps', stroke: COLOURS[0], width: 2, points: { show: true, size: 5 }, spanGaps: true },
      { label: 'key-frame interval (s)', scale: 's', stroke: COLOURS[1], width: 2, dash: [6, 4], points: { show: true, size: 5 }, spanGaps: true }] });
  state.health = { tracks: {}, latest: {} };

  const opts = (title, series) => ({ width: width(), height: 200, title: undefined,
    scales: { x: { time: true } }, axes: [{}, { size: 60 }],
    series: [{}, ...series.map((s, i) => ({ label: s, stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: true, size: 5 }, spanGaps: true }))] });

  function update(observation) {
    const s = heartbeatSeries(observation.recentEvents || []);
    state.health.tracks = Object.fromEntries(s.tracks.map(t => [t, s.times.map((x, i) => [x, s.bitrate[t][i]]).filter(p => p[1] !== null)]));
    state.health.latest = Object.fromEntries(Object.entries(state.health.tracks).map(([t, pts]) => [t, pts.length ? pts[pts.length - 1][1] : null]));
    if (!s.times.length) return;
    const kbps = s.tracks.map(t => s.bitrate[t].map(v => v === null ? null : v / 1000));
    const problemNames = ['discontinuities', 'overlaps', 'nonincreasing', 'srtDropped'];
    const key = s.tracks.join(',');
    if (key !== shape) {
      // tracks changed (an encoder with other renditions): new charts with their series
      shape = key;
      if (bitrateChart) bitrateChart.destroy();
      if (problemsChart) problemsChart.destroy();
      if (cadenceChart) cadenceChart.destroy();
      cadenceChart = new uPlot(cadenceOpts(), [s.times, s.cadence.frameRate, s.cadence.keyFrameInterval], cadenceBox);
      bitrateChart = new uPlot(opts('bitrate', s.tracks), [s.times, ...kbps], bitrateBox);
      problemsChart = new uPlot(opts('problems', ['discontinuities', 'overlaps', 'non-increasing', 'SRT dropped']),
        [s.times, ...problemNames.map(k => s.problems[k])], problemsBox);
    } else {
      bitrateChart.setData([s.times, ...kbps]);
      problemsChart.setData([s.times, ...problemNames.map(k => s.problems[k])]);
      cadenceChart.setData([s.times, s.cadence.frameRate, s.cadence.keyFrameInterval]);
    }
    state.health.chartData = bitrateChart.data;
    state.health.cadence = cadenceChart.data;
    const parts = s.tracks.map(t => `${t} ${fmtKbps(state.health.latest[t] || 0)}` + (s.declared[t] ? ` (declared ${fmtKbps(s.declared[t])})` : ''));
    const last = s.times.length - 1;
    const probs = problemNames.map(k => s.problems[k][last] || 0).reduce((a, b) => a + b, 0);
    const fps = s.cadence.frameRate[last], kfi = s.cadence.keyFrameInterval[last];
    if (fps != null) parts.push(`${fps} fps`);
    if (kfi != null) parts.push(`a key frame every ${kfi} s`);
    summary.textContent = `last heartbeat ${new Date(s.times[last] * 1000).toLocaleTimeString()}: ${parts.join('; ')}; ${probs} problem${probs === 1 ? '' : 's'} in its window`;
  }
  return { root, update, stop() { for (const c of [bitrateChart, problemsChart, cadenceChart]) if (c) c.destroy(); } };
}
