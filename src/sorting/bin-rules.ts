// Which garments a bin takes: `sorting.bins` maps each bin to a rule, and the first rule that
// matches wins (in the config's order). A rule is a list of classes (the original form), or
// `{classes: […], colours: […]}` with either or both: `whites: {colours: [white, light]}`,
// `dark-jeans: {classes: [Trouser], colours: [dark]}`. A rule with colours never takes a
// garment whose colour is unknown; that garment goes on to the next rule.
import { CLASS_NAMES } from '../dataset/classes.js';
import { COLOUR_GROUPS, type ColourGroup } from '../colour/colour-group.js';

export type BinSpec = string[] | { classes?: string[]; colours?: ColourGroup[] };

export interface BinRule { bin: string; classes?: readonly string[]; colours?: readonly ColourGroup[] }

export function binRules(bins: Record<string, BinSpec>): BinRule[] {
  return Object.entries(bins).map(([bin, spec]) => (Array.isArray(spec) ? { bin, classes: spec } : { bin, ...spec }));
}

export function ruleMatches(rule: BinRule, className: string, colour: ColourGroup | 'unknown'): boolean {
  if (rule.classes && !rule.classes.includes(className)) return false;
  if (rule.colours && (colour === 'unknown' || !rule.colours.includes(colour))) return false;
  return true;
}

export function firstMatch(rules: readonly BinRule[], className: string, colour: ColourGroup | 'unknown'): string | undefined {
  return rules.find((r) => ruleMatches(r, className, colour))?.bin;
}

/**
 * Rules no garment can reach: every class and colour they take is taken by earlier rules.
 * Checked over every class × colour (the whole space is 10 × 6), so it is exact.
 */
export function unreachable(rules: readonly BinRule[]): { bin: string; takenBy: string[] }[] {
  const colours: (ColourGroup | 'unknown')[] = [...COLOUR_GROUPS, 'unknown'];
  const out: { bin: string; takenBy: string[] }[] = [];
  rules.forEach((rule, i) => {
    const takenBy = new Set<string>();
    let reachable = false;
    for (const name of CLASS_NAMES) {
      for (const colour of colours) {
        if (!ruleMatches(rule, name, colour)) continue;
        const earlier = firstMatch(rules.slice(0, i), name, colour);
        if (earlier) takenBy.add(earlier);
        else reachable = true;
      }
    }
    if (!reachable) out.push({ bin: rule.bin, takenBy: [...takenBy] });
  });
  return out;
}
