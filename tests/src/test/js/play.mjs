// Plays a URL on livepipe's player page in headless Debian Chromium (playwright-core) and
// prints the page's playerState as JSON once currentTime passes the target or time runs out.
// Usage: node play.mjs PLAYER_PAGE_URL STREAM_URL TARGET_SECONDS TIMEOUT_SECONDS [TOKEN]
// A token goes in the page's fragment: the player sends it to key and license requests only.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [page, src, target, timeout, token] = process.argv.slice(2);
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
});
let result = { errors: ['page did not load'] };
try {
  const tab = await browser.newPage();
  const consoleErrors = [];
  tab.on('pageerror', e => consoleErrors.push(String(e)));
  await tab.goto(`${page}?src=${encodeURIComponent(src)}` + (token ? `#token=${encodeURIComponent(token)}` : ''));
  const deadline = Date.now() + Number(timeout) * 1000;
  while (Date.now() < deadline) {
    result = await tab.evaluate(() => ({ ...window.playerState }));
    if (result.errors.length || result.currentTime > Number(target)) break;
    await new Promise(r => setTimeout(r, 500));
  }
  result.pageErrors = consoleErrors;
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
