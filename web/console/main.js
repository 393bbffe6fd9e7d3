// The console's entry: sign-in (one-time link or pasted key), the health line, and a hash router
// over the views. window.consoleState is what tests (and the curious) read.
import { key, setKey, signInWithCode, health, api } from './api.js';
import { showError } from './ui.js';
import { channelsView } from './channels.js';
import { channelView } from './channel.js';
import { assetsView, assetView, policiesView } from './publish.js';

window.consoleState = { errors: [], signedIn: false, view: null };
const $ = id => document.getElementById(id);
let timers = [], leaving = [];

function refreshTimer(fn, ms) { timers.push(setInterval(() => { if (key()) fn().catch(showError); }, ms)); }
function onLeave(fn) { leaving.push(fn); }

async function route() {
  timers.forEach(clearInterval); timers = [];
  leaving.forEach(f => { try { f(); } catch { /* leaving anyway */ } }); leaving = [];
  const signedIn = !!key();
  $('signIn').hidden = signedIn;
  $('signOut').hidden = !signedIn;
  const view = $('view');
  if (!signedIn) { view.replaceChildren(); $('keyInput').focus(); return; }
  const [section, name] = (location.hash.replace(/^#\/?/, '') || 'channels').split('/').map(decodeURIComponent);
  window.consoleState.view = section + (name ? '/' + name : '');
  document.querySelectorAll('nav a').forEach(a => a.toggleAttribute('aria-current', a.getAttribute('href') === '#/' + section));
  try {
    if (section === 'channels' && name) await channelView(view, name, refreshTimer, onLeave);
    else if (section === 'assets' && name) await assetView(view, name, refreshTimer);
    else if (section === 'assets') await assetsView(view, refreshTimer);
    else if (section === 'policies') await policiesView(view);
    else await channelsView(view, refreshTimer);
    document.title = `${window.consoleState.view} — livepipe console`;
    window.consoleState.ready = window.consoleState.view;
  } catch (e) { showError(e); }
}

async function signInFromLink() {
  // The one-time code rides in the fragment (never sent to a server); it leaves the address bar and history at once.
  const code = new URLSearchParams(location.hash.slice(1)).get('signin');
  if (!code) return;
  history.replaceState(null, '', location.pathname + '#/channels');
  try {
    await signInWithCode(code);
  } catch (e) {
    showError(e);
  }
}

async function showHealth() {
  try {
    const h = await health();
    $('health').replaceChildren(Object.assign(document.createElement('span'), { className: 'ok', textContent: '● ' }),
      `platform up — storage ${h.storage}, events ${h.events}, version ${h.version}`);
  } catch (e) {
    $('health').textContent = '● platform unreachable: ' + e.message;
    $('health').className = 'bad';
  }
}

$('keyForm').addEventListener('submit', async ev => {
  ev.preventDefault();
  setKey($('keyInput').value.trim());
  $('keyInput').value = '';
  try { await api('GET', 'channels'); } catch (e) { setKey(''); showError(e); return; }
  route();
});
$('signOut').addEventListener('click', () => { setKey(''); route(); });
window.addEventListener('hashchange', route);
window.addEventListener('livepipe-signed-out', () => route());

await signInFromLink();
window.consoleState.signedIn = !!key();
await showHealth();
setInterval(showHealth, 15000);
await route();
