// A channel's page: state and lifecycle, the preview monitor, live health graphs, the connected
// encoder, programs (recordings) with their growing assets, and the recent events.
import { api } from './api.js';
import { el, field, attempt, showError, fmtTime, fmtBytes, fmtKbps } from './ui.js';
import { lifecycleButtons, shownKeys, showKey } from './channels.js';
import { previewMonitor } from './preview.js';
import { healthGraphs } from './health.js';
import { EVENT_NAMES, summary } from './codes.js';
import { playVod } from './publish.js';

export async function channelView(root, name, refreshTimer, onLeave) {
  const state = window.consoleState;
  const info = el('dl', { class: 'kv' });
  const actions = el('div', { role: 'group', 'aria-label': 'Channel actions' });
  const keyPanel = el('div');
  const encoder = el('div', { role: 'status' });
  const tracks = el('tbody');
  const preview = previewMonitor(name, state);
  const health = healthGraphs(state);
  const programs = el('tbody');
  const events = el('ul', { class: 'events', 'aria-label': 'Recent events, newest first' });
  const showBeats = el('input', { type: 'checkbox' });
  const programForm = startProgramForm(name, () => load());
  onLeave(() => { preview.stop(); health.stop(); });

  root.replaceChildren(el('h2', {}, 'Channel ', el('span', { class: 'mono' }, name)),
    info, actions, keyPanel,
    el('div', { class: 'columns' },
      el('div', {}, preview.root,
        el('h3', {}, 'Encoder'), encoder,
        el('table', { 'aria-label': 'Tracks' }, el('thead', {}, el('tr', {}, ['Track', 'Type', 'Incoming', 'Declared', 'Healthy', 'Last heartbeat'].map(h => el('th', { scope: 'col' }, h)))), tracks)),
      health.root),
    el('h3', {}, 'Programs'), programForm,
    el('table', { 'aria-label': 'Programs' }, el('thead', {}, el('tr', {}, ['Program', 'State', 'Archive window', 'Asset', 'Recorded', 'Actions'].map(h => el('th', { scope: 'col' }, h)))), programs),
    el('h3', {}, 'Recent events'), el('p', {}, ...field('Show heartbeats', showBeats)), events);
  if (shownKeys.has(name)) showKey(keyPanel, shownKeys.get(name));
  showBeats.addEventListener('change', () => load());

  let lastObservation = null;
  async function load() {
    const c = await attempt(() => api('GET', `channels/${name}`));
    if (!c) return;
    state.channel = c;
    info.replaceChildren(...[['State', c.state], ['Mode', c.mode + (c.mode === 'encode' ? ` (${c.ladderPreset})` : '')],
      ['Key-frame interval', c.keyFrameInterval], ['Ingest allow-list', (c.ingestAllowList || []).join(', ') || 'every address'],
      ['Preview allow-list', (c.previewAllowList || []).join(', ') || 'every address'], ['Record on connect', c.autoRecord ? 'yes' : 'no'],
      ['SRT', c.srtEncrypted ? 'callers must encrypt (passphrase set, never shown)' : 'no passphrase'],
      ['Ingest URLs', shownKeys.has(name) ? 'shown below (this page only)' : 'carry the stream key, shown once at create; rotate the key to see new ones']]
      .flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)]));
    actions.replaceChildren(...lifecycleButtons(c, load, keyPanel));
    preview.run(c.state === 'Running');
    const o = await attempt(() => api('GET', `channels/${name}/events`));
    if (o) {
      lastObservation = o;
      health.update(o);
      encoder.replaceChildren(o.encoder
        ? el('p', {}, el('span', { class: 'ok' }, '● connected '), `from ${o.encoder.ip}:${o.encoder.port} since ${fmtTime(o.encoder.connectedAt)}`,
          o.encoder.ingestUrl ? el('span', { class: 'muted' }, ` at ${o.encoder.ingestUrl}`) : '')
        : el('p', { class: 'muted' }, c.state === 'Running' ? 'no encoder connected: point it at the ingest URL' : 'the channel is not running'));
      tracks.replaceChildren(...Object.entries(o.tracks || {}).sort().map(([t, h]) => el('tr', {},
        el('td', { class: 'mono' }, t), el('td', {}, h.trackType), el('td', {}, fmtKbps(h.incomingBitrate)), el('td', {}, fmtKbps(h.bitrate)),
        el('td', { class: h.healthy ? 'ok' : 'bad' }, h.healthy ? 'yes' : 'no' + (h.unexpectedBitrate ? ' (unexpected bitrate)' : '')),
        el('td', {}, fmtTime(h.at)))));
      const list = (o.recentEvents || []).filter(e => showBeats.checked || e.eventType !== 'Microsoft.Media.LiveEventIngestHeartbeat');
      events.replaceChildren(...list.map(e => el('li', {},
        el('span', { class: 'muted' }, fmtTime(e.eventTime)), ' ', el('span', { class: 'type' }, EVENT_NAMES[e.eventType] || e.eventType), ' ',
        summary(e))));
      if (!list.length) events.replaceChildren(el('li', { class: 'muted' }, 'no event yet'));
    }
    const p = await attempt(() => api('GET', `channels/${name}/programs`));
    if (p) {
      const rows = [];
      for (const prog of p.value) {
        const a = await api('GET', `assets/${prog.assetName}`).catch(e => { if (e.status !== 404) showError(e); return null; });
        rows.push(el('tr', {},
          el('td', { class: 'mono' }, prog.name), el('td', { 'data-program-state': prog.name }, prog.state), el('td', {}, prog.archiveWindow),
          el('td', {}, el('a', { href: `#/assets/${encodeURIComponent(prog.assetName)}` }, prog.assetName)),
          el('td', { 'data-asset-growth': prog.name }, a ? `${a.state}, ${a.durationSeconds.toFixed(0)} s, ${fmtBytes(a.sizeBytes)}` : '—'),
          el('td', {},
            prog.state === 'Running' ? el('button', { type: 'button', 'aria-label': `Stop program ${prog.name}`, onclick: async () => {
              await attempt(() => api('POST', `channels/${name}/programs/${prog.name}/stop`)); load(); } }, 'Stop') : '',
            el('button', { type: 'button', 'aria-label': `Play ${prog.state === 'Running' ? 'live' : 'VOD'} of ${prog.name}`,
              onclick: () => attempt(() => playVod(prog.assetName)) }, prog.state === 'Running' ? 'Play live' : 'Play VOD'),
            el('button', { type: 'button', class: 'danger', 'aria-label': `Delete program ${prog.name}`, onclick: async () => {
              if (!confirm(`Delete program ${prog.name}? Its asset stays.`)) return;
              await attempt(() => api('DELETE', `channels/${name}/programs/${prog.name}`)); load(); } }, 'Delete'))));
      }
      programs.replaceChildren(...rows);
      if (!rows.length) programs.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'no program: start one to record')));
    }
  }
  await load();
  refreshTimer(load, 3000);
}

function startProgramForm(channel, after) {
  const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = el('input', { required: true, value: 'show', autocomplete: 'off' });
  const asset = el('input', { required: true, value: `${channel}-${stamp()}`, autocomplete: 'off' });
  const window_ = el('select', {}, ...[['PT1M', '1 minute'], ['PT10M', '10 minutes'], ['PT30M', '30 minutes'], ['PT1H', '1 hour'],
    ['PT2H', '2 hours'], ['PT8H', '8 hours'], ['PT25H', '25 hours']].map(([v, t]) => el('option', { value: v, selected: v === 'PT1H' }, t)));
  const form = el('form', { class: 'grid', 'aria-label': 'Start a program' },
    field('Program name', name), field('Asset name', asset, 'the recording, VOD once the program stops'),
    field('Archive window', window_, 'how far back live viewers can seek; the asset keeps what the window holds'),
    el('span'), el('div', {}, el('button', { type: 'submit', class: 'primary' }, 'Start program')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const ok = await attempt(() => api('POST', `channels/${channel}/programs`, { name: name.value.trim(), assetName: asset.value.trim(), archiveWindow: window_.value }));
    if (ok) asset.value = `${channel}-${stamp()}`;
    after();
  });
  return el('details', { open: true }, el('summary', {}, 'Start a program'), form);
}
