// The channels list: create (mode, ladder, key-frame interval, allow-lists), lifecycle actions,
// and the once-shown stream key with the ingest URLs and OBS settings.
import { api } from './api.js';
import { el, field, copyable, attempt, showError } from './ui.js';

/**
 * Create and rotate-key answers of this page's life, by channel: they hold the stream key,
 * which the API shows once. Kept in memory only (never in storage): a reload forgets them.
 */
export const shownKeys = new Map();

export async function channelsView(root, refreshTimer) {
  const list = el('tbody');
  const created = el('div', { id: 'created' });
  root.replaceChildren(el('h2', {}, 'Channels'), createForm(created, () => load()), created,
    el('h3', {}, 'All channels'),
    el('table', { 'aria-label': 'Channels' },
      el('thead', {}, el('tr', {}, ['Channel', 'State', 'Mode', 'Key frames', 'Actions'].map(h => el('th', { scope: 'col' }, h)))),
      list));
  async function load() {
    const r = await attempt(() => api('GET', 'channels'));
    if (!r) return;
    list.replaceChildren(...r.value.map(c => el('tr', {},
      el('td', {}, el('a', { href: `#/channels/${encodeURIComponent(c.name)}` }, c.name), c.description ? el('div', { class: 'muted' }, c.description) : ''),
      el('td', { 'data-state': c.name }, c.state),
      el('td', {}, c.mode + (c.mode === 'encode' && c.ladderPreset ? ` (${c.ladderPreset})` : '')),
      el('td', {}, c.keyFrameInterval),
      el('td', {}, lifecycleButtons(c, load, created)))));
    if (!r.value.length) list.replaceChildren(el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No channel yet: create one above.')));
  }
  await load();
  refreshTimer(load, 5000);
}

export function lifecycleButtons(c, after, keyPanel) {
  const act = (action, label, cls, confirmText) => el('button', { type: 'button', class: cls, 'aria-label': `${label} ${c.name}`,
    onclick: async () => {
      if (confirmText && !confirm(confirmText)) return;
      const r = await attempt(() => action === 'delete' ? api('DELETE', `channels/${c.name}`) : api('POST', `channels/${c.name}/${action}`));
      if (action === 'rotatekey' && r) { shownKeys.set(c.name, r); showKey(keyPanel, r); }
      after();
    } }, label);
  return [act('start', 'Start'), act('stop', 'Stop'), act('reset', 'Reset', '', `Reset ${c.name}? The encoder is disconnected and the preview starts again.`),
    act('rotatekey', 'Rotate key', '', `Rotate the stream key of ${c.name}? The encoder must be given the new key.`),
    act('delete', 'Delete', 'danger', `Delete channel ${c.name}?`)];
}

function createForm(created, after) {
  const name = el('input', { required: true, pattern: '[A-Za-z0-9][A-Za-z0-9-]{0,31}', autocomplete: 'off' });
  const description = el('input', {});
  const mode = el('select', {}, el('option', { value: 'passthrough' }, 'Pass-through (as the encoder sends it)'),
    el('option', { value: 'encode' }, 'Live encoding (an ABR ladder with FFmpeg)'));
  const ladder = el('select', { disabled: true }, el('option', { value: 'Default720p' }, 'Default720p'), el('option', { value: 'Default1080p' }, 'Default1080p'));
  mode.addEventListener('change', () => { ladder.disabled = mode.value !== 'encode'; });
  const kfi = el('input', { value: 'PT2S', size: 8 });
  const ingestAllow = el('textarea', { rows: 2, placeholder: '203.0.113.0/24' });
  const previewAllow = el('textarea', { rows: 2, placeholder: '0.0.0.0/0' });
  const autoRecord = el('input', { type: 'checkbox' });
  const srtPassphrase = el('input', { type: 'password', autocomplete: 'new-password', minlength: 10, maxlength: 79 });
  const lines = t => t.value.split(/[\s,]+/).filter(Boolean);
  const form = el('form', { class: 'grid', 'aria-label': 'New channel' },
    field('Name', name, 'letters, digits and hyphens'), field('Description', description),
    field('Mode', mode), field('Ladder preset', ladder, 'live encoding only'),
    field('Key-frame interval', kfi, 'ISO-8601, 0.5 to 20 s (PT2S); set the encoder to the same'),
    field('Ingest allow-list', ingestAllow, 'CIDR ranges, one a line; empty: every address'),
    field('Preview allow-list', previewAllow, 'CIDR ranges; empty: every address'),
    field('Record when an encoder connects', autoRecord),
    field('SRT passphrase', srtPassphrase, 'optional, 10 to 79 characters: SRT callers must encrypt with it; never shown again'),
    el('span'), el('div', {}, el('button', { type: 'submit', class: 'primary' }, 'Create channel')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { name: name.value.trim(), keyFrameInterval: kfi.value.trim(), mode: mode.value };
    if (description.value) body.description = description.value;
    if (mode.value === 'encode') body.ladderPreset = ladder.value;
    if (lines(ingestAllow).length) body.ingestAllowList = lines(ingestAllow);
    if (lines(previewAllow).length) body.previewAllowList = lines(previewAllow);
    if (autoRecord.checked) body.autoRecord = true;
    if (srtPassphrase.value) body.srtPassphrase = srtPassphrase.value;
    const c = await attempt(() => api('POST', 'channels', body));
    if (c) { shownKeys.set(c.name, c); showKey(created, c); form.reset(); ladder.disabled = true; }
    after();
  });
  return el('details', { open: true }, el('summary', {}, 'New channel'), form);
}

/** The ingest URLs and the stream key, shown once, with OBS's settings spelled out. */
export function showKey(panel, c) {
  const server = c.ingestUrl ? c.ingestUrl.slice(0, c.ingestUrl.length - c.streamKey.length - 1) : '';
  const kfiSeconds = c.keyFrameInterval ? Number((c.keyFrameInterval.match(/PT([\d.]+)S/) || [0, 2])[1]) : 2;
  const urls = [['RTMP', c.ingestUrl], ['RTMP backup', c.backupIngestUrl], ['RTMPS', c.rtmpsIngestUrl],
    ['RTMPS backup', c.backupRtmpsIngestUrl], ['SRT', c.srtIngestUrl], ['SRT backup', c.backupSrtIngestUrl],
    ['HTTP push (CMAF / Smooth)', c.pushIngestUrl && c.pushIngestUrl + '/{name}']].filter(([, u]) => u);
  panel.replaceChildren(el('section', { 'aria-labelledby': 'keyTitle', class: 'key-panel' },
    el('h3', { id: 'keyTitle' }, `Stream key of ${c.name}`),
    el('p', { class: 'warning', role: 'note' }, 'Shown once: livepipe keeps only its digest. Copy it now into your encoder; ',
      'anyone with it can publish to this channel. Lost it? Rotate the key.'),
    el('p', {}, 'Stream key: ', copyable('stream key', c.streamKey, { secret: true })),
    el('h4', {}, 'Ingest URLs'),
    el('dl', { class: 'kv' }, urls.flatMap(([k, u]) => [el('dt', {}, k), el('dd', {}, copyable(k + ' URL', u, { secret: true }))])),
    el('h4', {}, 'OBS settings'),
    el('ol', {},
      el('li', {}, 'Settings › Stream: Service ', el('b', {}, 'Custom…'), ', Server ', copyable('OBS server', server), ', Stream Key: the key above.'),
      el('li', {}, `Settings › Output (Advanced): Encoder x264, Rate control CBR, Keyframe Interval ${kfiSeconds} s (the channel's), Profile main or high, Tune zerolatency.`),
      el('li', {}, 'Settings › Audio: 48 kHz; Output › Audio bitrate 128 (AAC).'),
      el('li', {}, 'Settings › Video: output at most 1920×1080' + (c.mode === 'encode' ? ' (live encoding takes at most 1080p).' : '.')),
      c.srtIngestUrl ? el('li', {}, 'Over SRT instead: Server ', el('b', {}, 'the SRT URL above'),
        c.srtEncrypted ? ' with &passphrase=… added' : '', ', Stream Key left empty (OBS sends MPEG-TS with H.264 and AAC).') : '',
      el('li', {}, 'Start the channel, then Start Streaming.'))));
}
