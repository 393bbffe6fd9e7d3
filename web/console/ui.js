// Small DOM helpers shared by the views: element building, copy buttons, the error region.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

let uid = 0;
export const id = prefix => `${prefix}-${++uid}`;

/** A labelled form field: label, control and an optional hint tied to it by aria-describedby. */
export function field(label, control, hint) {
  control.id = control.id || id('f');
  const out = [el('label', { for: control.id }, label), control];
  if (hint) {
    const h = el('span', { class: 'hint', id: id('h') }, hint);
    control.setAttribute('aria-describedby', h.id);
    out.push(h);
  }
  return out;
}

/** A value with a copy button; the button says what it copies, for screen readers too. */
export function copyable(label, value, { secret = false } = {}) {
  const v = el('code', { class: secret ? 'secret' : 'mono', 'data-copy': label }, value);
  const b = el('button', { type: 'button', 'aria-label': `Copy ${label}` }, 'Copy');
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      b.textContent = 'Copied';
    } catch {
      // no clipboard permission (plain HTTP on another host): select it for Ctrl-C instead
      const range = document.createRange(); range.selectNodeContents(v);
      getSelection().removeAllRanges(); getSelection().addRange(range);
      b.textContent = 'Selected — press Ctrl-C';
    }
    setTimeout(() => { b.textContent = 'Copy'; }, 2000);
  });
  return el('span', {}, v, ' ', b);
}

/**
 * Shows an error as the API said it, until dismissed; the same error again (a poll failing each
 * time) counts up on its box instead of stacking. Also kept for tests in consoleState.
 */
export function showError(e) {
  const message = e && e.message ? e.message : String(e);
  window.consoleState.errors.push(message);
  console.error(message);
  const region = document.getElementById('errors');
  const last = region.lastElementChild;
  if (last && last.dataset.message === message) {
    last.dataset.count = String(Number(last.dataset.count) + 1);
    last.querySelector('.count').textContent = ` (×${last.dataset.count})`;
    return;
  }
  const box = el('div', { class: 'error', 'data-message': message, 'data-count': '1' }, el('button', { type: 'button', 'aria-label': 'Dismiss error',
    onclick: () => box.remove() }, '×'), message, el('span', { class: 'count' }));
  region.append(box);
}

/** Runs an action, showing its failure; nothing fails silently. */
export async function attempt(work) {
  try { return await work(); } catch (e) { showError(e); return undefined; }
}

export const fmtTime = t => t ? new Date(t).toLocaleTimeString() : '—';
export const fmtBytes = n => n >= 1e9 ? (n / 1e9).toFixed(2) + ' GB' : n >= 1e6 ? (n / 1e6).toFixed(1) + ' MB' : (n / 1e3).toFixed(0) + ' kB';
export const fmtKbps = b => (b / 1000).toFixed(0) + ' kbit/s';
