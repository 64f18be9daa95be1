import { svgDocument, text, writePng } from './svg.js';

/** Rows are true classes, columns predictions; cells shaded by the share of the row. */
export async function plotConfusion(confusion: number[][], names: readonly string[], title: string, path: string): Promise<void> {
  const cell = 46;
  const left = 110;
  const top = 110;
  const n = names.length;
  const body: string[] = [text(16, 24, title, { 'font-size': 15, 'font-weight': 'bold' })];
  body.push(text(left + (n * cell) / 2, 48, 'predicted', { 'text-anchor': 'middle', fill: '#555' }));
  body.push(text(16, top + (n * cell) / 2, 'true', { fill: '#555' }));
  names.forEach((name, i) => {
    body.push(text(left - 6, top + i * cell + cell / 2 + 4, name, { 'text-anchor': 'end', 'font-size': 11 }));
    const x = left + i * cell + cell / 2;
    body.push(text(x, top - 8, name, { 'font-size': 11, transform: `rotate(-40 ${x} ${top - 8})` }));
  });
  confusion.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, c) => {
      const share = count / total;
      const shade = r === c ? `rgba(30,120,60,${0.15 + 0.85 * share})` : `rgba(200,40,40,${Math.min(1, share * 4)})`;
      body.push(`<rect x="${left + c * cell}" y="${top + r * cell}" width="${cell - 1}" height="${cell - 1}" fill="${count ? shade : '#f6f6f6'}"/>`);
      if (count) {
        const dark = (r === c && share > 0.5) || (r !== c && share > 0.15);
        body.push(text(left + c * cell + cell / 2, top + r * cell + cell / 2 + 4, String(count), { 'text-anchor': 'middle', 'font-size': 11, fill: dark ? 'white' : '#222' }));
      }
    });
  });
  await writePng(svgDocument(left + n * cell + 70, top + n * cell + 20, body), path);
}
