// The program's version, from package.json: what `--version`, Home Assistant's device card and
// bug reports show.
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
