// Assets and publishing: locators (clear, envelope, cenc, cbcs with a content key policy), their
// HLS and DASH URLs, playback tokens, the player, and an embed snippet.
import { api } from './api.js';
import { el, field, copyable, attempt, fmtBytes, fmtTime } from './ui.js';

const POLICIES = [['clear', 'Clear (no encryption)'], ['envelope', 'AES-128 envelope (HLS)'],
  ['cenc', 'CENC (DASH: ClearKey, Widevine, PlayReady)'], ['cbcs', 'CBCS (HLS: FairPlay, ClearKey; DASH)']];

const absolute = (endpoint, path) => /^https?:/.test(path) ? path : endpoint + path;

/** The URL a player page plays, and which manifest it is: DASH for cenc (ClearKey in Chromium), else HLS. */
export function playbackUrl(locator) {
  const want = locator.streamingPolicy === 'cenc' ? 'Dash' : 'Hls';
  const p = locator.streamingPaths.find(s => s.streamingProtocol === want) || locator.streamingPaths[0];
  return absolute(locator.streamingEndpoint, p.paths[0]);
}

export function playerUrl(locator, token) {
  return `${location.origin}/player.html?src=${encodeURIComponent(playbackUrl(locator))}` + (token ? `#token=${encodeURIComponent(token)}` : '');
}

/**
 * Opens the asset in the player through one of its locators: a clear one, else a protected one
 * with a fresh token (cbcs last: Safari plays it only with FairPlay); an asset with none is published clear only once the operator agrees.
 */
export async function playVod(assetName) {
  const all = (await api('GET', 'locators')).value.filter(l => l.assetName === assetName);
  const pick = all.find(l => l.streamingPolicy === 'clear') || all.find(l => l.streamingPolicy !== 'cbcs') || all[0];
  let loc, token = null;
  if (pick) {
    loc = await api('GET', `locators/${pick.id}`);
    if (loc.streamingPolicy !== 'clear') token = (await api('POST', `locators/${loc.id}/token`, {})).token;
  } else {
    if (!confirm(`${assetName} is not published. Publish it without encryption (a clear streaming locator) to play it?`)) return;
    loc = await api('POST', 'locators', { assetName, streamingPolicy: 'clear' });
  }
  const url = playerUrl(loc, token);
  window.consoleState.lastPlayerUrl = url;
  window.open(url, '_blank', 'noopener');
}

export async function assetsView(root, refreshTimer) {
  const list = el('tbody');
  root.replaceChildren(el('h2', {}, 'Assets & publishing'),
    el('p', { class: 'muted' }, 'An asset is a program\'s recording: live while its program runs, video on demand after. Publish one with a streaming locator.'),
    el('table', { 'aria-label': 'Assets' }, el('thead', {}, el('tr', {}, ['Asset', 'Channel / program', 'State', 'Duration', 'Size', 'Created'].map(h => el('th', { scope: 'col' }, h)))), list));
  async function load() {
    const r = await attempt(() => api('GET', 'assets'));
    if (!r) return;
    list.replaceChildren(...r.value.map(a => el('tr', {},
      el('td', {}, el('a', { href: `#/assets/${encodeURIComponent(a.name)}` }, a.name)), el('td', {}, `${a.channel || '—'} / ${a.program || '—'}`),
      el('td', {}, a.state), el('td', {}, a.durationSeconds.toFixed(0) + ' s'), el('td', {}, fmtBytes(a.sizeBytes)), el('td', {}, fmtTime(a.created)))));
    if (!r.value.length) list.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'no asset: start a program on a channel')));
  }
  await load();
  refreshTimer(load, 5000);
}

export async function assetView(root, name, refreshTimer) {
  const facts = el('dl', { class: 'kv' });
  const locators = el('div');
  const policy = el('select', {}, ...POLICIES.map(([v, t]) => el('option', { value: v }, t)));
  const keyPolicy = el('select', { disabled: true });
  const perTrack = el('input', { type: 'checkbox', disabled: true });
  policy.addEventListener('change', () => { keyPolicy.disabled = perTrack.disabled = policy.value === 'clear'; });
  const form = el('form', { class: 'grid', 'aria-label': 'New streaming locator' },
    field('Streaming policy', policy), field('Content key policy', keyPolicy, 'who may get keys; make one under Content key policies'),
    field('A key per track type', perTrack),
    el('span'), el('div', {}, el('button', { type: 'submit', class: 'primary' }, 'Create locator')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { assetName: name, streamingPolicy: policy.value };
    if (policy.value !== 'clear') { body.contentKeyPolicyName = keyPolicy.value; if (perTrack.checked) body.keyPerTrackType = true; }
    if (await attempt(() => api('POST', 'locators', body))) loadLocators();
  });
  root.replaceChildren(el('h2', {}, 'Asset ', el('span', { class: 'mono' }, name)), facts,
    el('h3', {}, 'Publish'), form, el('h3', {}, 'Streaming locators'), locators);

  const policies = await attempt(() => api('GET', 'contentkeypolicies'));
  keyPolicy.replaceChildren(...(policies ? policies.value : []).map(p => el('option', { value: p.name }, `${p.name} (${p.restriction})`)));
  if (!keyPolicy.options.length) keyPolicy.append(el('option', { value: '' }, 'none yet'));

  async function loadFacts() {
    const a = await attempt(() => api('GET', `assets/${name}`));
    if (!a) return;
    facts.replaceChildren(...[['State', a.state], ['Channel', a.channel], ['Program', a.program], ['Duration', a.durationSeconds.toFixed(1) + ' s'],
      ['Size', fmtBytes(a.sizeBytes)], ['Segments', Object.entries(a.segmentsPerRendition || {}).map(([k, v]) => `${k}: ${v}`).join(', ')]]
      .flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v ?? '—')]));
  }
  async function loadLocators() {
    const all = await attempt(() => api('GET', 'locators'));
    if (!all) return;
    const mine = all.value.filter(l => l.assetName === name);
    const full = await Promise.all(mine.map(l => api('GET', `locators/${l.id}`).catch(() => null)));
    locators.replaceChildren(...full.filter(Boolean).map(locatorCard));
    if (!mine.length) locators.replaceChildren(el('p', { class: 'muted' }, 'not published yet'));
  }
  await loadFacts();
  await loadLocators();
  refreshTimer(loadFacts, 5000);
}

function locatorCard(l) {
  const protectedLocator = l.streamingPolicy !== 'clear';
  const tokenBox = el('div', { role: 'status' });
  const embed = el('textarea', { rows: 3, readonly: true, id: `embed-${l.id}` });
  const setEmbed = token => {
    embed.value = `<iframe src="${playerUrl(l, token)}" width="960" height="600" allow="autoplay; encrypted-media; fullscreen" allowfullscreen title="livepipe player"></iframe>`;
  };
  setEmbed(null);
  const open = el('a', { href: playerUrl(l), target: '_blank', rel: 'noopener', 'data-open-player': l.id }, 'Open the player');
  const generate = el('button', { type: 'button', 'aria-label': `Generate a playback token for locator ${l.id}`, onclick: async () => {
    const t = await attempt(() => api('POST', `locators/${l.id}/token`, {}));
    if (!t) return;
    tokenBox.replaceChildren(el('p', {}, 'Token (valid until ', fmtTime(t.expires), '): ', copyable('playback token', t.token, { secret: true })));
    open.href = playerUrl(l, t.token);
    setEmbed(t.token);
    window.consoleState.lastToken = t.token;
  } }, 'Generate playback token');
  return el('section', { class: 'locator', 'data-locator': l.id, 'aria-label': `Locator ${l.id}` },
    el('h4', {}, `${l.streamingPolicy}`, l.contentKeyPolicyName ? ` with ${l.contentKeyPolicyName}` : '', el('span', { class: 'muted mono' }, `  ${l.id}`)),
    el('dl', { class: 'kv' }, l.streamingPaths.flatMap(p => p.paths.map((path, i) => [
      el('dt', {}, `${p.streamingProtocol}${i ? ' (Media Services form)' : ''}`), el('dd', {}, copyable(`${p.streamingProtocol} URL`, absolute(l.streamingEndpoint, path)))]).flat())),
    el('p', {}, protectedLocator ? generate : el('span', { class: 'muted' }, 'clear: no token needed '), ' ', open,
      l.streamingPolicy === 'cbcs' ? el('span', { class: 'muted' }, ' (cbcs plays with FairPlay in Safari, with ClearKey in Chromium and Firefox)') : ''),
    tokenBox,
    protectedLocator ? el('p', { class: 'muted' }, 'A token expires (an hour by default): a site that embeds protected content gets tokens from its own backend (POST /api/locators/{id}/token) rather than pasting one.') : '',
    el('p', {}, ...field('Embed snippet', embed), ' ', el('button', { type: 'button', 'aria-label': `Copy the embed snippet of locator ${l.id}`,
      onclick: () => navigator.clipboard.writeText(embed.value).catch(() => { embed.select(); }) }, 'Copy')),
    el('button', { type: 'button', class: 'danger', 'aria-label': `Delete locator ${l.id}`, onclick: async () => {
      if (!confirm('Delete this locator? Its URLs stop playing.')) return;
      await attempt(() => api('DELETE', `locators/${l.id}`)); location.reload(); } }, 'Delete locator'));
}

export async function policiesView(root) {
  const list = el('tbody');
  const name = el('input', { required: true, autocomplete: 'off', value: 'viewers' });
  const restriction = el('select', {}, el('option', { value: 'token' }, 'Token (JWT) restricted'), el('option', { value: 'open' }, 'Open (anyone gets keys)'));
  const issuer = el('input', { value: 'livepipe' });
  const audience = el('input', { value: 'livepipe-playback' });
  restriction.addEventListener('change', () => { issuer.disabled = audience.disabled = restriction.value === 'open'; });
  const form = el('form', { class: 'grid', 'aria-label': 'New content key policy' },
    field('Name', name), field('Restriction', restriction), field('Issuer', issuer, "the platform's tokens: livepipe"),
    field('Audience', audience, "the platform's tokens: livepipe-playback"),
    el('span'), el('div', {}, el('button', { type: 'submit', class: 'primary' }, 'Create policy')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const body = { name: name.value.trim(), restriction: restriction.value };
    if (restriction.value === 'token') { body.issuer = issuer.value; body.audience = audience.value; }
    if (await attempt(() => api('POST', 'contentkeypolicies', body))) load();
  });
  root.replaceChildren(el('h2', {}, 'Content key policies'), form,
    el('table', { 'aria-label': 'Content key policies' }, el('thead', {}, el('tr', {}, ['Policy', 'Restriction', 'Issuer', 'Audience', ''].map(h => el('th', { scope: 'col' }, h)))), list));
  async function load() {
    const r = await attempt(() => api('GET', 'contentkeypolicies'));
    if (!r) return;
    list.replaceChildren(...r.value.map(p => el('tr', {}, el('td', {}, p.name), el('td', {}, p.restriction), el('td', {}, p.issuer || '—'),
      el('td', {}, p.audience || '—'), el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': `Delete policy ${p.name}`,
        onclick: async () => { await attempt(() => api('DELETE', `contentkeypolicies/${p.name}`)); load(); } }, 'Delete')))));
  }
  await load();
}
