// The live page: one self-contained HTML document (no build step, no CDN; the sorter may have
// no internet). It listens to /events (server-sent events) and redraws. Everything the sorter
// sends is put in as text, never as markup, and the page is served with a Content-Security-
// Policy that allows exactly its own style and script (by hash) and nothing inline besides.
import { createHash } from 'node:crypto';

const STYLE = `
 body{font:15px system-ui,sans-serif;margin:0;background:#f4f3ef;color:#222}
 header{background:#2d3a4a;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;flex-wrap:wrap;align-items:baseline}
 header h1{font-size:1.2em;margin:0}
 .pill{padding:.1em .6em;border-radius:1em;background:#5a6b7d}.ok{background:#2e7d32}.bad{background:#c62828}
 main{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1em;padding:1em}
 section{background:#fff;border-radius:8px;padding:.8em;box-shadow:0 1px 3px #0002}
 h2{font-size:1em;margin:.1em 0 .6em}
 #frame{width:100%;max-width:480px;background:#ddd;aspect-ratio:4/3;object-fit:contain}
 #input{width:140px;height:140px;image-rendering:pixelated;background:#000}
 ol{list-style:none;padding:0;margin:0;max-height:360px;overflow:auto}
 li{display:flex;justify-content:space-between;border-bottom:1px solid #eee;padding:.25em 0}
 li .rejected{color:#c62828}.bar{background:#4a78a8;height:1em;display:inline-block;vertical-align:middle}
 table{width:100%;border-collapse:collapse}td{padding:.2em}
`;

const SCRIPT = `
const $ = (id) => document.getElementById(id);
// Text from the sorter (class names from a model's manifest, bin names from the config) only
// ever goes in as text: nothing it contains can become markup or script.
function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }
const confidences = [];
function pill(el, ok, text) { el.textContent = text; el.className = 'pill ' + (ok ? 'ok' : 'bad'); }
function showState(s) {
  $('model').textContent = s.modelId; $('backlog').textContent = s.backlog;
  pill($('journal'), s.journal.health === 'ok', s.journal.health === 'ok' ? 'journal ok' : 'journal: degraded (' + s.journal.health + ')');
  pill($('camera'), s.camera === 'ok', 'camera ' + s.camera);
  pill($('broker'), s.broker.connected, s.broker.connected ? 'broker connected' : 'broker away');
  $('paused').hidden = !s.paused;
  $('threshold').setAttribute('y1', 100 - s.threshold * 100); $('threshold').setAttribute('y2', 100 - s.threshold * 100);
  const bins = Object.entries(s.counts.bins).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...bins.map((b) => b[1]));
  $('bins').replaceChildren(...bins.map(([b, n]) => {
    const bar = el('span', 'bar');
    bar.style.width = (150 * n / max) + 'px';
    const count = el('td'); count.append(bar, ' ' + n);
    const row = el('tr'); row.append(el('td', '', b), count);
    return row;
  }));
}
function showDecision(d, live) {
  const li = document.createElement('li');
  li.dataset.id = d.id;
  const what = d.action === 'empty' ? 'empty tray' : d.name + ' ' + Math.round(d.confidence * 100) + '%';
  li.append(el('span', '', d.timestamp.slice(11, 19)), el('span', d.action === 'rejected' ? 'rejected' : '', what), el('span', '', d.bin || '–'));
  $('decisions').prepend(li);
  while ($('decisions').children.length > 100) $('decisions').lastChild.remove();
  if (d.action !== 'empty') {
    confidences.push(d.confidence); if (confidences.length > 100) confidences.shift();
    $('conf-line').setAttribute('points', confidences.map((c, i) => (i * 300 / 99) + ',' + (100 - c * 100)).join(' '));
  }
  if (live) {
    $('frame').src = 'snapshot/frame.jpg?' + d.id;
    if (d.action === 'empty') $('input').removeAttribute('src'); else $('input').src = 'snapshot/input.png?' + d.id;
    $('last').textContent = what + (d.bin ? ' → ' + d.bin : '');
  }
}
const events = new EventSource('events');
events.addEventListener('state', (e) => showState(JSON.parse(e.data)));
events.addEventListener('decision', (e) => showDecision(JSON.parse(e.data), true));
events.addEventListener('history', (e) => JSON.parse(e.data).forEach((d) => showDecision(d, false)));
`;

export const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>laundry-sorter</title>
<style>${STYLE}</style></head><body>
<header><h1>laundry-sorter</h1>
 <span>model <b id="model">…</b></span>
 <span>backlog <b id="backlog">0</b></span>
 <span id="journal" class="pill">journal …</span>
 <span id="camera" class="pill">camera …</span>
 <span id="broker" class="pill">broker …</span>
 <span id="paused" class="pill" hidden>paused</span>
</header>
<main>
 <section><h2>What the camera saw</h2><img id="frame" alt="last camera frame"><div><img id="input" alt="the 28×28 the model saw"> <span id="last"></span></div></section>
 <section><h2>Decisions</h2><ol id="decisions"></ol></section>
 <section><h2>Bins</h2><table id="bins"></table></section>
 <section><h2>Confidence, last 100 garments</h2><svg id="confidence" viewBox="0 0 300 100" width="100%" height="140" preserveAspectRatio="none">
  <line x1="0" y1="40" x2="300" y2="40" stroke="#c62828" stroke-dasharray="4" id="threshold"/><polyline id="conf-line" fill="none" stroke="#4a78a8" stroke-width="1.5"/></svg></section>
</main>
<script>${SCRIPT}</script></body></html>`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Only this page's own style and script run; images and the event stream come from this
 * server; nothing may frame it (clickjacking) or submit it anywhere.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
