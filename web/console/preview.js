// The preview monitor: the channel's token-gated preview (hls.js) and an audio meter (Web Audio).
import { api } from './api.js';
import { el, showError } from './ui.js';

export function previewMonitor(channel, state) {
  const video = el('video', { controls: true, playsinline: true, 'aria-label': `Preview of ${channel}` });
  const fill = el('div', { class: 'fill' });
  const bar = el('div', { class: 'bar', role: 'meter', 'aria-label': 'Audio level', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, fill);
  const levelText = el('span', { class: 'mono', 'aria-hidden': 'true' }, '−∞ dB');
  const status = el('p', { role: 'status', class: 'muted' }, 'preview: waiting for the channel to run');
  const listen = el('button', { type: 'button', 'aria-pressed': 'false' }, 'Listen');
  const root = el('section', { 'aria-labelledby': 'previewTitle' }, el('h3', { id: 'previewTitle' }, 'Preview monitor'),
    video, el('div', { class: 'meter' }, el('span', {}, 'Audio'), bar, levelText, listen), status);
  let hls = null, audio = null, raf = 0, gain = null, stopped = false, poll = 0, starting = false, retryAt = 0, lastError = '';
  state.preview = { currentTime: 0, errors: [], level: 0, peak: 0, playing: false };

  listen.addEventListener('click', () => {
    ensureAudio();
    const on = listen.getAttribute('aria-pressed') !== 'true';
    listen.setAttribute('aria-pressed', String(on));
    listen.textContent = on ? 'Mute' : 'Listen';
    gain.gain.value = on ? 1 : 0;
    if (video.muted) { video.muted = false; }
    audio.resume();
    video.play().catch(() => {});
  });

  // The meter reads the samples before a gain that is 0 until Listen: it moves while the monitor is silent.
  function ensureAudio() {
    if (audio) return;
    audio = new AudioContext();
    const source = audio.createMediaElementSource(video);
    const analyser = audio.createAnalyser();
    analyser.fftSize = 2048;
    gain = audio.createGain();
    gain.gain.value = 0;
    source.connect(analyser); analyser.connect(gain); gain.connect(audio.destination);
    const buf = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const rms = Math.sqrt(sum / buf.length);
      const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
      const pct = Math.max(0, Math.min(100, (db + 60) / 60 * 100));
      fill.style.width = pct + '%';
      bar.setAttribute('aria-valuenow', Math.round(pct));
      levelText.textContent = Number.isFinite(db) ? db.toFixed(0) + ' dB' : '−∞ dB';
      state.preview.level = rms;
      state.preview.peak = Math.max(state.preview.peak, rms);
      state.preview.currentTime = video.currentTime;
      if (!stopped) raf = requestAnimationFrame(tick);
    };
    tick();
  }

  // Played once the manifest is parsed (an earlier play() is aborted by the load). Only a refusal
  // to start sound without a click (NotAllowedError) makes the monitor play muted until Listen.
  function play() {
    if (!video.muted) audio.resume().catch(() => {});
    video.play().then(() => { state.preview.playing = true; }).catch(e => {
      if (e.name !== 'NotAllowedError') return;
      video.muted = true;
      status.textContent = 'preview: press Listen to hear it and run the audio meter';
      video.play().then(() => { state.preview.playing = true; }).catch(showError);
    });
  }

  async function start() {
    const p = await api('GET', `channels/${channel}/preview`);
    if (!window.Hls || !Hls.isSupported()) throw new Error('this browser has no Media Source Extensions: the preview needs them');
    hls = new Hls({ liveSyncDurationCount: 3, manifestLoadingMaxRetry: 6, levelLoadingMaxRetry: 6 });
    hls.on(Hls.Events.ERROR, (_, d) => {
      if (!d.fatal) return;
      const msg = `preview: ${d.details}` + (d.response && d.response.code ? ` (HTTP ${d.response.code})` : '');
      state.preview.errors.push(msg);
      status.textContent = msg + ' — trying again in a few seconds';
      hls.destroy(); hls = null; // the page's next poll (run) starts it again
      retryAt = Date.now() + 5000;
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      status.textContent = `preview: playing (token valid until ${new Date(p.expires).toLocaleTimeString()})`;
      play();
    });
    hls.loadSource(p.hls);
    hls.attachMedia(video);
    ensureAudio();
    clearInterval(poll);
    poll = setInterval(() => { state.preview.currentTime = video.currentTime; }, 500);
  }

  return {
    root,
    /** Starts the preview once the channel runs; preview errors are shown and retried. */
    async run(running) {
      if (!running || hls || starting || stopped || Date.now() < retryAt) return;
      starting = true;
      try { await start(); } catch (e) {
        status.textContent = 'preview: ' + e.message;
        if (e.message !== lastError) showError(e); // once per distinct failure, not every retry
        lastError = e.message;
        retryAt = Date.now() + 5000;
      }
      finally { starting = false; }
    },
    stop() { stopped = true; cancelAnimationFrame(raf); clearInterval(poll); if (hls) hls.destroy(); if (audio) audio.close(); },
  };
}
