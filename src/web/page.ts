// The live page: one self-contained HTML document (no build step, no CDN; the sorter may have
// no internet). It listens to /events (server-sent events) and redraws. Everything the sorter
// sends is put in as text, never as markup, and the page is served with a Content-Security-
// Policy that allows exactly its own style and script (by hash) and nothing inline besides.
import { createHash } from 'node:crypto';
import { CLASS_NAMES } from '../dataset/classes.js';
import { GALLERY_SIZE } from './last-seen.js';

const STYLE = `
 body{font:15px system-ui,sans-serif;margin:0;background:#f4f3ef;color:#222}
 header{background:#2d3a4a;color:#fff;padding:.6em 1em;display:flex;gap:1.5em;flex-wrap:wrap;align-items:baseline}
 header h1{font-size:1.2em;margin:0}
 .pill{padding:.1em .6em;border-radius:1em;background:#5a6b7d}.ok{background:#2e7d32}.bad{background:#c62828}
 main{display:grid;grid-template-columns:minmax(300px,3fr) minmax(280px,2fr);grid-auto-flow:dense;gap:1em;padding:1em}
 @media (max-width:700px){main{grid-template-columns:1fr}}
 section{background:#fff;border-radius:8px;padding:.8em;box-shadow:0 1px 3px #0002}
 .tall{grid-row:span 2}
 h2{font-size:1em;margin:.1em 0 .6em}
 .seen{display:flex;gap:1em;align-items:flex-start;flex-wrap:wrap}
 #frame{flex:1 1 300px;max-width:460px;background:#ddd;aspect-ratio:4/3;object-fit:contain}
 #input{width:140px;height:140px;image-rendering:pixelated;background:#000}
 ol{list-style:none;padding:0;margin:0;max-height:calc(100vh - 160px);overflow:auto}
 #gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(96px,1fr));gap:.5em}
 figure{margin:0;padding:.3em;border:1px solid #ddd;border-radius:6px;text-align:center;font-size:.85em}
 figure img{width:84px;height:84px;image-rendering:pixelated;background:#000;display:block;margin:0 auto .2em}
 figure select{width:100%;font-size:.85em}.labelled{border-color:#2e7d32}.rejected-tile{border-color:#c62828}
 .axis{font-size:7px;fill:#666}
 .swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #888;border-radius:2px;vertical-align:middle;margin-right:.3em}
 .swatch:not([data-group]){visibility:hidden}
 li{display:flex;justify-content:space-between;border-bottom:1px solid #eee;padding:.25em 0}
 li .rejected{color:#c62828}.bar{background:#4a78a8;height:1em;display:inline-block;vertical-align:middle}
 table{width:100%;border-collapse:collapse}td{padding:.2em}
`;

const SCRIPT = `
const CLASSES = ${JSON.stringify(CLASS_NAMES)};
const GALLERY = ${GALLERY_SIZE};
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
  $('threshold').setAttribute('y1', 5 + 90 * (1 - s.threshold)); $('threshold').setAttribute('y2', 5 + 90 * (1 - s.threshold));
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
  li.append(el('span', '', d.timestamp.slice(11, 19)), el('span', d.action === 'rejected' ? 'rejected' : '', what), swatch(d), el('span', '', d.bin || '–'));
  $('decisions').prepend(li);
  while ($('decisions').children.length > 100) $('decisions').lastChild.remove();
  if (d.action !== 'empty') {
    confidences.push(d.confidence); if (confidences.length > 100) confidences.shift();
    $('conf-line').setAttribute('points', confidences.map((c, i) => (30 + i * 290 / 99) + ',' + (5 + 90 * (1 - c))).join(' '));
    addTile(d);
  }
  if (live) {
    $('frame').src = 'snapshot/frame.jpg?' + d.id;
    if (d.action === 'empty') $('input').removeAttribute('src'); else $('input').src = 'snapshot/input.png?' + d.id;
    $('last').textContent = what + (d.bin ? ' → ' + d.bin : '');
  }
}
// The garment's measured colour: a square of it (set through the CSSOM, which the page's CSP
// allows, and only for a #rrggbb value), with the group as its text for screen readers and hovering.
function swatch(d) {
  const s = el('span', 'swatch');
  const c = d.colour;
  if (!c) return s;
  s.title = c.group === 'unknown' ? 'colour unknown: ' + c.reason : c.group + ' (' + c.name + ' ' + c.rgb + ')';
  s.setAttribute('aria-label', c.group);
  s.dataset.group = c.group;
  if (/^#[0-9a-f]{6}$/.test(c.rgb || '')) s.style.background = c.rgb;
  return s;
}
// The last garments with the 28×28 each one was judged on; pick the right class to label it
// (the same path as the label-last command: the sample store, then \`laundry-sorter pull\`).
function addTile(d) {
  const fig = el('figure', d.action === 'rejected' ? 'rejected-tile' : '');
  const img = el('img'); img.src = 'snapshot/input/' + d.id + '.png'; img.alt = d.name;
  const caption = el('figcaption', '', d.name + ' ' + Math.round(d.confidence * 100) + '%');
  const pick = el('select'); pick.title = 'label this garment';
  pick.append(el('option', '', 'label…'), ...CLASSES.map((c) => { const o = el('option', '', c); o.value = c; return o; }));
  pick.addEventListener('change', async () => {
    if (!pick.value) return;
    const res = await fetch('label', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: d.id, class: pick.value }) });
    const body = await res.json().catch(() => ({}));
    if (res.ok) { fig.className = 'labelled'; caption.textContent = 'labelled ' + body.label; }
    else caption.textContent = body.error || ('could not label (' + res.status + ')');
  });
  caption.prepend(swatch(d));
  fig.append(img, caption, pick);
  $('gallery').prepend(fig);
  while ($('gallery').children.length > GALLERY) $('gallery').lastChild.remove();
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
 <section><h2>What the camera saw</h2><div class="seen"><img id="frame" src="snapshot/frame.jpg" alt="last camera frame"><div><img id="input" src="snapshot/input.png" alt="the 28×28 the model saw"><div id="last"></div></div></div></section>
 <section class="tall"><h2>Decisions</h2><ol id="decisions"></ol></section>
 <section><h2>Last garments: what the model saw (pick the right class to label one)</h2><div id="gallery"></div></section>
 <section><h2>Bins</h2><table id="bins"></table></section>
 <section><h2>Confidence, last 100 garments</h2><svg id="confidence" viewBox="0 0 330 112" width="100%" height="180">
  <line x1="30" y1="5" x2="30" y2="95" stroke="#999"/><line x1="30" y1="95" x2="320" y2="95" stroke="#999"/>
  <text class="axis" x="26" y="8" text-anchor="end">100%</text><text class="axis" x="26" y="52" text-anchor="end">50%</text><text class="axis" x="26" y="97" text-anchor="end">0%</text>
  <line x1="30" y1="50" x2="320" y2="50" stroke="#eee"/>
  <text class="axis" x="175" y="108" text-anchor="middle">garments, oldest → newest</text>
  <line x1="30" y1="41" x2="320" y2="41" stroke="#c62828" stroke-dasharray="4" id="threshold"><title>reject below this</title></line>
  <polyline id="conf-line" fill="none" stroke="#4a78a8" stroke-width="1.5"/></svg></section>
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
