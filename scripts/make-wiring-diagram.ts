// The README's wiring diagram, drawn from config/default.yaml's pins so the picture and the
// shipped config cannot disagree. Usage: node dist/scripts/make-wiring-diagram.js
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { svgDocument, text, writePng } from '../src/evaluation/plots/svg.js';

const root = join(import.meta.dirname ?? '.', '..', '..');
const config = parse(readFileSync(join(root, 'config', 'default.yaml'), 'utf8')) as {
  gpio: { pins: Record<string, number>; statusLedPin: number }; trigger: { pin: number }; sorting: { bins: Record<string, string[]>; rejectBin: string };
};
/** BCM number → physical pin on the 40-pin header. */
const HEADER: Record<number, number> = { 2: 3, 3: 5, 4: 7, 17: 11, 27: 13, 22: 15, 10: 19, 9: 21, 11: 23, 5: 29, 6: 31, 13: 33, 19: 35, 26: 37, 14: 8, 15: 10, 18: 12, 23: 16, 24: 18, 25: 22, 8: 24, 7: 26, 12: 32, 16: 36, 20: 38, 21: 40 };

const body: string[] = [];
const box = (x: number, y: number, w: number, h: number, fill: string, title: string) => {
  body.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="${fill}" stroke="#333" stroke-width="1.5"/>`, text(x + 12, y + 22, title, { 'font-size': 15, 'font-weight': 'bold' }));
};
const wire = (x1: number, y1: number, x2: number, y2: number, colour: string) => {
  const mid = (x1 + x2) / 2;
  body.push(`<path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" fill="none" stroke="${colour}" stroke-width="2.5"/>`);
  body.push(`<circle cx="${x1}" cy="${y1}" r="4" fill="${colour}"/><circle cx="${x2}" cy="${y2}" r="4" fill="${colour}"/>`);
};

const bins = [...Object.keys(config.sorting.bins), config.sorting.rejectBin];
const colours = ['#d62728', '#ff7f0e', '#bcbd22', '#2ca02c', '#17becf', '#1f77b4', '#9467bd'];
const rowH = 30;
const top = 70;
box(30, 30, 260, top + bins.length * rowH + 160, '#e8f5e9', 'Raspberry Pi');
box(560, 30, 380, top + bins.length * rowH + 10, '#e3f2fd', `${bins.length}-channel relay or driver board`);
bins.forEach((bin, i) => {
  const pin = config.gpio.pins[bin];
  const y = top + 20 + i * rowH;
  body.push(text(45, y + 4, `GPIO ${pin}  (pin ${HEADER[pin]})`));
  body.push(text(580, y + 4, `IN${i + 1} → bin "${bin}"`));
  body.push(text(740, y + 4, bin === config.sorting.rejectBin ? 'below the threshold' : config.sorting.bins[bin].join(', '), { 'font-size': 10, fill: '#555' }));
  wire(280, y, 570, y, colours[i % colours.length]);
});
const power = top + 20 + bins.length * rowH;
body.push(text(45, power + 4, '5V (pin 2)   GND (pin 6)'));
body.push(text(580, power + 4, 'VCC, GND  (JD-VCC: separate 5 V supply)', { 'font-size': 11 }));
wire(280, power, 570, power, '#000');

const ledY = power + 50;
body.push(text(45, ledY + 4, `GPIO ${config.gpio.statusLedPin}  (pin ${HEADER[config.gpio.statusLedPin]})`));
box(560, ledY - 28, 380, 50, '#fff8e1', 'Status LED');
body.push(text(580, ledY + 14, '330 Ω in series, cathode to GND', { 'font-size': 11 }));
wire(280, ledY, 570, ledY, '#f9a825');

const beamY = ledY + 70;
body.push(text(45, beamY + 4, `GPIO ${config.trigger.pin}  (pin ${HEADER[config.trigger.pin]})`));
box(560, beamY - 28, 380, 64, '#fce4ec', 'Beam-break sensor (trigger)');
body.push(text(580, beamY + 14, 'OUT (open collector) → GPIO, 10 kΩ pull-up to 3.3 V', { 'font-size': 11 }));
body.push(text(580, beamY + 29, 'VCC 3.3–5 V, GND; falls when the beam is blocked', { 'font-size': 11 }));
wire(280, beamY, 570, beamY, '#ad1457');

const height = beamY + 80;
body.push(text(30, height - 12, 'Never drive a solenoid or motor from a GPIO pin: the relay board switches them from their own supply.', { 'font-size': 12, fill: '#b71c1c' }));
const out = join(root, 'docs', 'images', 'wiring.png');
await writePng(svgDocument(960, height, body), out);
console.log(`wrote ${out}`);
