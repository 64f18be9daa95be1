import { IMAGE_SIZE, PIXELS } from '../../dataset/classes.js';
import { grayPngDataUri, svgDocument, text, writePng } from './svg.js';

export interface Mistake { index: number; label: number; predicted: number; confidence: number }

/** The most confident wrong answers: the ones a user would find most baffling. */
export function worstMistakes(probs: Float32Array, labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number, count: number): Mistake[] {
  const wrong: Mistake[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] !== labels[i]) wrong.push({ index: i, label: labels[i], predicted: predicted[i], confidence: probs[i * classes + predicted[i]] });
  }
  return wrong.sort((a, b) => b.confidence - a.confidence).slice(0, count);
}

export async function plotMistakes(mistakes: Mistake[], images: Uint8Array, names: readonly string[], title: string, path: string): Promise<void> {
  const columns = 6;
  const scale = 4;
  const tile = IMAGE_SIZE * scale;
  const cellW = tile + 40;
  const cellH = tile + 48;
  const rows = Math.max(1, Math.ceil(mistakes.length / columns));
  const body = [text(16, 26, title, { 'font-size': 16, 'font-weight': 'bold' })];
  for (const [k, m] of mistakes.entries()) {
    const x = 20 + (k % columns) * cellW;
    const y = 44 + Math.floor(k / columns) * cellH;
    const uri = await grayPngDataUri(images.subarray(m.index * PIXELS, (m.index + 1) * PIXELS), IMAGE_SIZE);
    body.push(`<image x="${x}" y="${y}" width="${tile}" height="${tile}" xlink:href="${uri}" style="image-rendering:pixelated"/>`);
    body.push(text(x, y + tile + 14, `true: ${names[m.label]}`, { 'font-size': 11, fill: '#2b8a3e' }));
    body.push(text(x, y + tile + 28, `said: ${names[m.predicted]} ${(m.confidence * 100).toFixed(0)}%`, { 'font-size': 11, fill: '#c92a2a' }));
  }
  if (mistakes.length === 0) body.push(text(20, 70, 'no mistakes on this set'));
  await writePng(svgDocument(40 + columns * cellW, 60 + rows * cellH, body), path);
}
