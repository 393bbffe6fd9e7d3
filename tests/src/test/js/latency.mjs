// Plays an HLS URL with hls.js in headless Debian Chromium (playwright-core) and samples the
// glass-to-glass latency: the wall clock minus the program date-time of the frame on screen
// (hls.playingDate), every 250 ms once playing, for SECONDS seconds. Prints JSON:
// { samples: [ms...], parts, frags, errors, currentTime }.
// Usage: node latency.mjs BASE_URL STREAM_URL SECONDS MODE [CLEARKEY_LICENSE_URL]: MODE true (LL-HLS, hls.js
// lowLatencyMode), false (HLS, hls.js), dash (LL-DASH, shaka-player lowLatencyMode: latency = wall clock -
// (availabilityStartTime + currentTime)). With a license URL (cenc/cbcs), hls.js or shaka plays through EME with W3C ClearKey.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, src, seconds, lowLatency, clearKeyLicense] = process.argv.slice(2);
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
let result = { errors: ['page did not load'], samples: [] };
try {
  const tab = await browser.newPage();
  const pageErrors = [];
  tab.on('pageerror', e => pageErrors.push(String(e)));
  await tab.goto(`${base}/lib/hls.js`); // same origin as the stream, then our own page
  await tab.setContent(`<!doctype html><video id="v" muted playsinline></video><script src="${base}/lib/hls.js"></script>`
      + `<script src="${base}/lib/shaka-player.js"></script>`);
  await tab.waitForFunction(() => typeof Hls !== 'undefined' && typeof shaka !== 'undefined');
  if (lowLatency === 'dash') await tab.evaluate(async ([url, license]) => {
    const video = document.getElementById('v');
    const state = window.state = { samples: [], parts: 0, frags: 0, errors: [], currentTime: 0 };
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    await player.attach(video);
    player.configure({ streaming: { lowLatencyMode: true, liveSync: { enabled: true, maxPlaybackRate: 1.5 } } });
    if (license) player.configure({ drm: { servers: { 'org.w3.clearkey': license } } });
    // recoverable errors (a segment asked for a moment early, retried) are counted apart from fatal ones
    state.recovered = 0;
    player.addEventListener('error', e => { if (e.detail.severity === shaka.util.Error.Severity.CRITICAL) state.errors.push('shaka ' + e.detail.code); else state.recovered++; });
    player.getNetworkingEngine().registerResponseFilter((type, r) => { if (type === shaka.net.NetworkingEngine.RequestType.SEGMENT) state.frags++; });
    try { await player.load(url); } catch (e) { state.errors.push('shaka load ' + e.code); }
    video.play().catch(e => state.errors.push('play: ' + e));
    setInterval(() => {
      state.currentTime = video.currentTime;
      const start = player.getPresentationStartTimeAsDate();
      if (!video.paused && video.readyState >= 2 && start) state.samples.push(Date.now() - (start.getTime() + video.currentTime * 1000));
    }, 250);
  }, [src, clearKeyLicense || null]);
  else await tab.evaluate(([url, ll, license]) => {
    const video = document.getElementById('v');
    const state = window.state = { samples: [], parts: 0, frags: 0, errors: [], currentTime: 0 };
    // Standard HLS: three target durations behind (hls.js's default). Low latency: its LL-HLS mode, at PART-HOLD-BACK.
    // Both catch up by playing at up to 1.5x when behind their target, and do not move the target back after a
    // stall (hls.js's liveSyncOnStallIncrease), as live players tuned for latency do.
    const catchUp = { maxLiveSyncPlaybackRate: 1.5, liveSyncOnStallIncrease: 0 };
    const eme = license ? { emeEnabled: true, drmSystems: { 'org.w3.clearkey': { licenseUrl: license } } } : {};
    const hls = new Hls({ lowLatencyMode: ll, ...catchUp, ...eme });
    hls.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) state.errors.push('hls.js ' + d.details); });
    hls.on(Hls.Events.FRAG_LOADED, (_, d) => { if (d.part) state.parts++; else state.frags++; });
    hls.loadSource(url);
    hls.attachMedia(video);
    video.play().catch(e => state.errors.push('play: ' + e));
    setInterval(() => {
      state.currentTime = video.currentTime;
      const at = hls.playingDate;
      if (!video.paused && video.readyState >= 2 && at) state.samples.push(Date.now() - at.getTime());
    }, 250);
  }, [src, lowLatency === 'true', clearKeyLicense || null]);
  await new Promise(r => setTimeout(r, Number(seconds) * 1000));
  result = await tab.evaluate(() => window.state);
  result.pageErrors = pageErrors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
