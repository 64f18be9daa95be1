// The nearest basic colour term (Berlin and Kay's eleven) to a measured colour, by distance in
// OKLab to a focal colour for each term. Focal colours are typical examples, not boundaries.
import { srgb8ToOklab, type Oklab } from './oklab.js';

export const COLOUR_NAMES = ['black', 'white', 'grey', 'red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown'] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];

// A term may have more than one example: navy is still blue, bottle green still green.
const FOCAL: Record<ColourName, [number, number, number][]> = {
  black: [[20, 20, 20]], white: [[245, 245, 245]], grey: [[128, 128, 128], [80, 80, 82], [190, 190, 190]],
  red: [[200, 30, 35], [120, 20, 30]], orange: [[240, 130, 20]], yellow: [[245, 210, 30]], green: [[40, 140, 60], [20, 70, 35]],
  blue: [[35, 80, 190], [25, 35, 100], [120, 160, 230]], purple: [[120, 45, 150], [70, 25, 90]], pink: [[240, 150, 185], [200, 60, 130]], brown: [[120, 75, 40]],
};

const FOCAL_LAB = COLOUR_NAMES.flatMap((name) => FOCAL[name].map((rgb) => ({ name, lab: srgb8ToOklab(...rgb) })));

/**
 * Below this OKLab chroma a colour is named by its lightness alone (black, grey, white). Above it
 * it never is: nearest-focal alone named a teal jacket (chroma 0.08) and a pale cyan dress grey,
 * because grey's focal is near them in lightness and their hue had no focal colour close by.
 */
export const ACHROMATIC_CHROMA = 0.04;
const ACHROMATIC: readonly ColourName[] = ['black', 'grey', 'white'];

export function colourName(c: Oklab): ColourName {
  const achromatic = Math.hypot(c.a, c.b) < ACHROMATIC_CHROMA;
  let best: ColourName = 'grey';
  let bestDistance = Infinity;
  for (const f of FOCAL_LAB) {
    if (ACHROMATIC.includes(f.name) !== achromatic) continue;
    // Hue and chroma count twice lightness: a name changes more with hue than with shade.
    const d = (c.L - f.lab.L) ** 2 + 4 * ((c.a - f.lab.a) ** 2 + (c.b - f.lab.b) ** 2);
    if (d < bestDistance) { bestDistance = d; best = f.name; }
  }
  return best;
}
