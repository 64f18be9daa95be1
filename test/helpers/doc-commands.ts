// The commands the README and docs/ tell people to type: every line of a ```sh block, and
// every inline `code` span that starts like a command. Split into simple commands (at &&, ||,
// |, ;) and tokenized the way a shell would (quotes, # comments), so a test can check each one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DocCommand {
  /** `docs/push.md:12`, for the failure message. */
  where: string;
  /** The line as written. */
  text: string;
  /** Its words with quotes removed; `sudo`, `npx` and VAR=value prefixes dropped. */
  words: string[];
}

/** What an inline span must start with to count as a command rather than a name in prose. */
const INLINE_COMMAND = /^(npx |sudo )?(laundry-sorter \S|npm (run|ci|test|start)\b|scripts\/\S|node \S|mosquitto_(sub|pub) )/;

export function docFiles(repo: string): string[] {
  const docs = readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => join('docs', f));
  return ['README.md', ...docs];
}

export function docCommands(repo: string): DocCommand[] {
  const found: DocCommand[] = [];
  for (const file of docFiles(repo)) {
    const lines = readFileSync(join(repo, file), 'utf8').split('\n');
    let fence: string | undefined;
    lines.forEach((line, i) => {
      const where = `${file}:${i + 1}`;
      const opening = /^```(\w*)/.exec(line);
      if (opening) {
        fence = fence === undefined ? opening[1] : undefined;
        return;
      }
      if (fence === 'sh') found.push(...simpleCommands(line, where));
      else if (fence === undefined) {
        for (const span of line.matchAll(/`([^`]+)`/g)) {
          if (INLINE_COMMAND.test(span[1])) found.push(...simpleCommands(span[1], where));
        }
      }
    });
  }
  return found;
}

function simpleCommands(line: string, where: string): DocCommand[] {
  return splitCommands(tokenize(line)).map((words) => ({ where, text: line.trim(), words: dropPrefixes(words) })).filter((c) => c.words.length > 0);
}

const OPERATORS = new Set(['&&', '||', '|', ';']);

/** Shell words: quotes group and are removed, a # at a word's start ends the line. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === '#' && !inWord) {
      break;
    } else if ((c === '&' || c === '|') && line[i + 1] === c && !inWord) {
      words.push(c + c);
      i++;
    } else if ((c === '|' || c === ';') && !inWord) {
      words.push(c);
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} in: ${line}`);
  if (inWord) words.push(word);
  return words;
}

function splitCommands(words: string[]): string[][] {
  const commands: string[][] = [[]];
  for (const w of words) {
    if (OPERATORS.has(w)) commands.push([]);
    else commands[commands.length - 1].push(w);
  }
  return commands.filter((c) => c.length > 0);
}

function dropPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length && (words[i] === 'sudo' || words[i] === 'npx' || /^[A-Z_]+=/.test(words[i]))) i++;
  return words.slice(i);
}

/** The --long and -s options a command line uses (values after = dropped). */
export function optionsUsed(words: string[]): string[] {
  const options: string[] = [];
  for (const w of words) {
    if (w === '--') break;
    if (/^--[a-z]/.test(w)) options.push(w.split('=')[0]);
    else if (/^-[a-zA-Z]$/.test(w)) options.push(w);
  }
  return options;
}
