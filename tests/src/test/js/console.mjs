// Drives livepipe's console (web/index.html) in headless Debian Chromium (playwright-core) through
// a live event, as an operator would, and prints what it saw as JSON on its last line:
// sign in by the one-time link, create and start a channel, FFmpeg publishes (this script starts
// it), the preview monitor plays, the bitrate graph fills from heartbeats, a program is started
// and stopped and its VOD plays, a token-protected locator plays with a generated token, an API
// error is shown as the API said it; labels, keyboard and contrast are checked on each page.
// Usage: node console.mjs BASE_URL SIGNIN_CODE CLIP.mp4 SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, code, clip, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const result = { steps: [], pageErrors: [], accessibility: {} };
const step = s => { result.steps.push(s); process.stderr.write(`console.mjs: ${s}\n`); };
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
let publisher = null;
const channel = 'event1';
const until = async (tab, fn, arg, seconds, what) => {
  try { await tab.waitForFunction(fn, arg, { timeout: seconds * 1000, polling: 500 }); }
  catch (e) { throw new Error(`timed out after ${seconds} s waiting for ${what}`); }
};
const shot = async (tab, name) => { await tab.screenshot({ path: join(shots, name + '.png'), fullPage: true }); };

/** Labels, keyboard reach and text contrast of what the page shows now. */
async function audit(tab, name) {
  result.accessibility[name] = await tab.evaluate(() => {
    const visible = e => e.offsetParent !== null || e.getClientRects().length > 0;
    const controls = [...document.querySelectorAll('input, select, textarea')].filter(visible);
    const unlabelled = controls.filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')).map(c => c.outerHTML.slice(0, 80));
    const buttons = [...document.querySelectorAll('button, a[href]')].filter(visible);
    const nameless = buttons.filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).map(b => b.outerHTML.slice(0, 80));
    const unreachable = [...buttons, ...controls].filter(b => b.tabIndex < 0 && !b.disabled).map(b => b.outerHTML.slice(0, 80));
    const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3); } return [255, 255, 255]; };
    const lowContrast = [];
    for (const e of document.querySelectorAll('body *')) {
      if (!visible(e) || e.closest('.u-legend, canvas, video') || ![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
      const st = getComputedStyle(e);
      if (e.disabled || e.closest('[disabled]')) continue;
      const a = lum(rgb(st.color).slice(0, 3)), b = lum(bg(e));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const large = parseFloat(st.fontSize) >= 24 || (parseFloat(st.fontSize) >= 18.6 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${e.tagName} "${e.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
    return { controls: controls.length, unlabelled, nameless, unreachable, lowContrast };
  });
}

/** Tabs through the page from the top; the elements focus reached, by their text or label. */
// A locator of POLICY under the 'viewers' content key policy, made on the asset page, with a token generated on its card.
async function tokenLocator(tab, policy) {
  await tab.getByLabel('Streaming policy').selectOption(policy);
  await tab.getByLabel('Content key policy').selectOption('viewers');
  await tab.getByRole('button', { name: 'Create locator' }).click();
  const card = tab.locator('section.locator', { hasText: `${policy} with viewers` });
  await card.waitFor({ timeout: 10000 });
  await card.getByRole('button', { name: /Generate a playback token/ }).click();
  await card.locator('[data-copy="playback token"]').waitFor({ timeout: 10000 });
  return card;
}

// The player page the card opens, once it has played five seconds or failed.
async function openPlayer(browser, card, what) {
  const [page] = await Promise.all([browser.waitForEvent('page'), card.getByRole('link', { name: 'Open the player' }).click()]);
  await until(page, () => window.playerState && (window.playerState.currentTime > 5 || window.playerState.errors.length), null, 40, what + ' to play');
  return page;
}

async function tabOrder(tab, presses) {
  await tab.evaluate(() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); });
  const seen = [];
  for (let i = 0; i < presses; i++) {
    await tab.keyboard.press('Tab');
    seen.push(await tab.evaluate(() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent || e.tagName).trim().slice(0, 40) : ''; }));
  }
  return seen;
}

try {
  const tab = await browser.newPage();
  tab.on('pageerror', e => result.pageErrors.push(String(e)));
  tab.on('dialog', d => d.accept());

  // 1. The one-time link signs the browser in; the code leaves the address bar.
  await tab.goto(`${base}/#signin=${code}`);
  await until(tab, () => window.consoleState && window.consoleState.ready === 'channels', null, 15, 'the channels page');
  result.signedIn = await tab.evaluate(() => window.consoleState.signedIn);
  result.urlAfterSignIn = tab.url();
  result.historyLength = await tab.evaluate(() => history.length);
  await shot(tab, '01-channels');
  await audit(tab, 'channels');
  step('signed in by the link');

  // 2. Keyboard only: the name field, then Enter, creates a channel; a bad key-frame interval shows the API's words.
  await tab.getByLabel('Name', { exact: true }).focus();
  await tab.keyboard.type('bad1');
  await tab.getByLabel('Key-frame interval').fill('PT99S');
  await tab.getByLabel('Name', { exact: true }).press('Enter');
  await until(tab, () => window.consoleState.errors.length > 0, null, 10, 'the API error');
  result.apiError = await tab.locator('#errors .error').first().textContent();
  await shot(tab, '02-api-error');
  await tab.locator('#errors .error button').first().click();
  step('an API error is shown');

  await tab.getByLabel('Name', { exact: true }).fill(channel);
  await tab.getByLabel('Key-frame interval').fill('PT2S');
  await tab.getByRole('button', { name: 'Create channel' }).click();
  await tab.locator('[data-copy="stream key"]').waitFor({ timeout: 10000 });
  const streamKey = await tab.locator('[data-copy="stream key"]').textContent();
  const ingest = await tab.locator('[data-copy="RTMP URL"]').textContent();
  result.keyShownOnce = { keyLength: streamKey.length, ingestEndsWithKey: ingest.endsWith('/' + streamKey),
    warning: await tab.locator('.key-panel .warning').textContent(), obsServer: await tab.locator('[data-copy="OBS server"]').textContent() };
  await shot(tab, '03-channel-created');
  await tab.getByRole('button', { name: `Start ${channel}` }).click();
  await until(tab, c => document.querySelector(`[data-state="${c}"]`)?.textContent === 'Running', channel, 30, 'the channel to run');
  step('channel created and started');

  // 3. FFmpeg publishes the clip, looped at its own pace; the channel page's preview monitor plays.
  publisher = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', ingest],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const publishedAt = Date.now();
  await tab.getByRole('link', { name: channel }).click();
  await until(tab, c => window.consoleState.ready === 'channels/' + c, channel, 15, 'the channel page');
  await until(tab, () => window.consoleState.preview && window.consoleState.preview.currentTime > 4, null, 60, 'the preview to play 4 s');
  const t1 = await tab.evaluate(() => window.consoleState.preview.currentTime);
  await tab.waitForTimeout(4000);
  const t2 = await tab.evaluate(() => window.consoleState.preview.currentTime);
  result.preview = { t1, t2, level: await tab.evaluate(() => window.consoleState.preview.peak),
    errors: await tab.evaluate(() => window.consoleState.preview.errors), encoder: await tab.locator('text=connected').count() };
  await shot(tab, '04-channel-preview');
  step('the preview plays');

  // 4. A program with a 10-minute archive window; its asset grows.
  await tab.getByLabel('Program name').fill('show');
  const asset = await tab.getByLabel('Asset name').inputValue();
  await tab.getByLabel('Archive window').selectOption('PT10M');
  await tab.getByRole('button', { name: 'Start program' }).click();
  await until(tab, () => document.querySelector('[data-program-state="show"]')?.textContent === 'Running', null, 15, 'the program to run');
  await until(tab, () => /live, [1-9]\d* s/.test(document.querySelector('[data-asset-growth="show"]')?.textContent || ''), null, 40, 'the live asset to grow');
  result.assetGrowth = await tab.locator('[data-asset-growth="show"]').textContent();
  step('a program records');

  // 5. The bitrate graph: two heartbeats of the video track after the publisher began (the first window is partial).
  await until(tab, since => {
    const h = window.consoleState.health;
    const v = h && Object.keys(h.tracks).find(t => t.startsWith('video'));
    return v && h.tracks[v].filter(p => p[0] * 1000 > since + 23000).length >= 1;
  }, publishedAt, 75, 'a heartbeat whose whole window had the publisher');
  result.health = await tab.evaluate(since => {
    const h = window.consoleState.health;
    const v = Object.keys(h.tracks).find(t => t.startsWith('video'));
    const full = h.tracks[v].filter(p => p[0] * 1000 > since + 23000);
    return { track: v, points: h.tracks[v], fullWindow: full[full.length - 1][1], chartSeries: h.chartData.length, chartPoints: h.chartData[0].length,
      frameRate: h.cadence[1][h.cadence[1].length - 1], keyFrameInterval: h.cadence[2][h.cadence[2].length - 1],
      summary: document.querySelector('#healthTitle').parentElement.querySelector('[role=status]').textContent };
  }, publishedAt);
  await shot(tab, '05-channel-health');
  await audit(tab, 'channel');
  result.events = await tab.locator('ul.events li').allTextContents();
  step('the bitrate graph shows heartbeats');

  // 6. Stop the program; once its asset is VOD, Play VOD opens the player on it.
  await tab.getByRole('button', { name: 'Stop program show' }).click();
  await until(tab, () => document.querySelector('[data-program-state="show"]')?.textContent === 'Stopped', null, 20, 'the program to stop');
  await until(tab, () => /^vod/.test(document.querySelector('[data-asset-growth="show"]')?.textContent || ''), null, 30, 'the asset to be VOD');
  result.assetAfterStop = await tab.locator('[data-asset-growth="show"]').textContent();
  const [vodPage] = await Promise.all([browser.waitForEvent('page'), tab.getByRole('button', { name: 'Play VOD of show' }).click()]);
  await until(vodPage, () => window.playerState && (window.playerState.currentTime > 5 || window.playerState.errors.length), null, 40, 'the VOD to play');
  result.vod = await vodPage.evaluate(() => ({ ...window.playerState, url: location.href }));
  await shot(vodPage, '06-vod-player');
  await vodPage.close();
  step('the VOD plays');

  // 7. Publishing: a token-restricted policy, an envelope locator, a token, the player with it.
  await tab.goto(`${base}/#/policies`);
  await until(tab, () => window.consoleState.ready === 'policies', null, 10, 'the policies page');
  await tab.getByLabel('Name', { exact: true }).fill('viewers');
  await tab.getByLabel('Restriction').selectOption('token');
  await tab.getByRole('button', { name: 'Create policy' }).click();
  await tab.getByRole('cell', { name: 'viewers', exact: true }).waitFor({ timeout: 10000 });
  await shot(tab, '07-policies');
  await audit(tab, 'policies');
  await tab.goto(`${base}/#/assets/${encodeURIComponent(asset)}`);
  await until(tab, a => window.consoleState.ready === 'assets/' + a, asset, 10, 'the asset page');
  const card = await tokenLocator(tab, 'envelope');
  result.publish = { urls: await card.locator('code.mono').allTextContents(), embed: await card.locator('textarea').inputValue() };
  await shot(tab, '08-publish');
  await audit(tab, 'asset');
  const protectedPage = await openPlayer(browser, card, 'the protected locator');
  result.protected = await protectedPage.evaluate(() => ({ ...window.playerState, hasTokenInFragment: location.hash.startsWith('#token='),
    tokenInQuery: location.search.includes('token=') }));
  await shot(protectedPage, '09-protected-player');
  await protectedPage.close();
  step('the protected locator plays with a generated token');

  // 7b. A cbcs locator under the same policy: the player plays its HLS through EME with W3C ClearKey.
  const cbcsPage = await openPlayer(browser, await tokenLocator(tab, 'cbcs'), 'the cbcs locator');
  result.cbcs = await cbcsPage.evaluate(() => ({ ...window.playerState, src: new URLSearchParams(location.search).get('src') }));
  await cbcsPage.close();
  step('the cbcs locator plays through ClearKey with a generated token');

  // 8. Keyboard: from the top, Tab reaches the sections and the channel form's controls.
  await tab.goto(`${base}/#/channels`);
  await tab.reload();
  await until(tab, () => window.consoleState.ready === 'channels', null, 10, 'the channels page');
  result.tabOrder = await tabOrder(tab, 16);
  result.consoleErrors = await tab.evaluate(() => window.consoleState.errors);

  // 9. A wrong key (as after a rotation) sends the browser back to the sign-in form, the API's 401 shown.
  await tab.evaluate(() => localStorage.setItem('livepipe.functionKey', 'wrong-key-0123456789abcdef'));
  await tab.reload();
  await tab.locator('#keyForm').waitFor({ state: 'visible', timeout: 10000 });
  result.wrongKey = { signInShown: await tab.locator('#signIn').isVisible(),
    error: await tab.locator('#errors .error').first().textContent() };
  await shot(tab, '10-signed-out');
} catch (e) {
  result.failure = String(e && e.message || e);
} finally {
  if (publisher) publisher.kill('SIGINT');
  await browser.close();
}
console.log(JSON.stringify(result));
