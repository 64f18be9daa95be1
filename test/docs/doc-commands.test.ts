// Every command the README and docs/ show still exists and takes the options it is shown with,
// so no document goes stale: the sorter's commands through their own --help, the repo's scripts
// and npm scripts by name and --help, files under dist/ by their sources, and the system tools
// (mosquitto_sub, journalctl, …) through theirs. The fresh-clone walkthrough runs the main path
// for real (test/docs/walkthrough.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { docCommands, optionsUsed, tokenize, type DocCommand } from '../helpers/doc-commands.js';
import { REPO } from '../helpers/sorter-process.js';

const PACKAGE = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string> };

/** Tools only a device has (udev, sudo); they are shown without options to check. */
const DEVICE_ONLY = new Set(['sudoedit', 'udevadm']);
/** Shown as shell glue; nothing to check. */
const SHELL_BUILTINS = new Set(['cd', 'echo', 'tee']);

const helps = new Map<string, { code: number | null; text: string }>();
function help(program: string, args: string[]): { code: number | null; text: string } {
  const key = [program, ...args].join(' ');
  if (!helps.has(key)) {
    const r = spawnSync(program, args, { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    helps.set(key, { code: r.status, text: `${r.stdout ?? ''}${r.stderr ?? ''}` });
  }
  return helps.get(key)!;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function missingOptions(words: string[], helpText: string): string[] {
  return optionsUsed(words).filter((o) => !new RegExp(`(^|[\\s,\\[(])${escape(o)}(?![\\w-])`, 'm').test(helpText));
}

/** Problems with one command, or [] when it checks out. */
function check(c: DocCommand): string[] {
  const [program, ...args] = c.words;
  if (program === 'laundry-sorter') return checkSorter(args);
  if (program === 'node') return checkNode(args);
  if (program === 'npm') return checkNpm(args);
  if (program.startsWith('scripts/')) return checkScript(program, args);
  const released = /^laundry-sorter-([\d.]+)\/(scripts\/.+)$/.exec(program); // a script in an unpacked release
  if (released) return [...(released[1] === PACKAGE.version ? [] : [`${program}: the release is ${PACKAGE.version}`]), ...checkScript(released[2], args)];
  if (SHELL_BUILTINS.has(program)) return [];
  if (program === 'git') return args[0] === 'clone' ? [] : [`git ${args[0]}: only git clone is expected in the docs`];
  return checkTool(program, args);
}

function checkSorter(args: string[]): string[] {
  if (args.length === 0 || args[0].startsWith('-')) {
    const r = help(process.execPath, [CLI, '--help']);
    return missingOptions(args, r.text).map((o) => `laundry-sorter has no option ${o}`);
  }
  const command = args[0] === 'model' ? args.slice(0, 2) : args.slice(0, 1);
  const r = help(process.execPath, [CLI, ...command, '--help']);
  if (r.code !== 0 || !/Usage:/.test(r.text)) return [`laundry-sorter ${command.join(' ')} --help failed (${r.code}): ${r.text.split('\n')[0]}`];
  return missingOptions(args, r.text).map((o) => `laundry-sorter ${command.join(' ')} has no option ${o}`);
}

function checkNode(args: string[]): string[] {
  const script = args.find((a) => !a.startsWith('-'));
  const problems = missingOptions(args.slice(0, script ? args.indexOf(script) : args.length), help(process.execPath, ['--help']).text).map((o) => `node has no option ${o}`);
  if (args.includes('-e')) return problems;
  if (!script) return [...problems, 'node with no script'];
  if (script === 'dist/src/cli/main.js') return [...problems, ...checkSorter(args.slice(args.indexOf(script) + 1))];
  if (!script.startsWith('dist/')) return [...problems, `${script}: expected a built file under dist/`];
  const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
  if (!existsSync(join(REPO, source))) problems.push(`${script}: no source ${source}`);
  else if (!existsSync(join(REPO, script))) problems.push(`${script}: not built by npm run build`);
  return problems;
}

function checkNpm(args: string[]): string[] {
  const [sub, ...rest] = args;
  const dashes = rest.indexOf('--');
  const own = dashes < 0 ? rest : rest.slice(0, dashes);
  const passed = dashes < 0 ? [] : rest.slice(dashes + 1);
  if (sub === 'ci') return missingOptions(own, help('npm', ['ci', '--help']).text).map((o) => `npm ci has no option ${o}`);
  const name = sub === 'run' ? own[0] : sub;
  if (!name || !PACKAGE.scripts[name]) return [`npm ${args.join(' ')}: package.json has no script ${name}`];
  if (name === 'start') return checkSorter(passed);
  const line = tokenize(PACKAGE.scripts[name]).filter((w) => w !== '&&');
  const target = name === 'bench' ? ['node', 'dist/bench/run-bench.js'] : name === 'release' ? ['scripts/make-release.sh'] : undefined;
  if (passed.length === 0 || !target) return passed.length === 0 ? [] : [`npm run ${name}: the docs pass options the test cannot check`];
  assert.ok(line.join(' ').includes(target.join(' ')), `npm run ${name} runs ${target.join(' ')}`);
  const r = target[0] === 'node' ? help(process.execPath, [join(REPO, target[1]), '--help']) : help(join(REPO, target[0]), ['--help']);
  return missingOptions(passed, r.text).map((o) => `npm run ${name} has no option ${o}`);
}

function checkScript(program: string, args: string[]): string[] {
  const path = join(REPO, program);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return [`${program}: not an executable file in the repo`];
  }
  const r = help(path, ['--help']);
  if (r.code !== 0) return [`${program} --help failed (${r.code})`];
  return missingOptions(args, r.text).map((o) => `${program} has no option ${o}`);
}

function checkTool(program: string, args: string[]): string[] {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0;
  if (!found) return DEVICE_ONLY.has(program) ? [] : [`${program}: not installed here (scripts/install-deps.sh --test should install it)`];
  const r = help(program, ['--help']);
  const problems = missingOptions(args, r.text).map((o) => `${program} has no option ${o}`);
  // systemctl status|reload|edit …: the verb is in its help too.
  if (program === 'systemctl' && !new RegExp(`^\\s+${escape(args[0])}\\b`, 'm').test(r.text)) problems.push(`systemctl has no command ${args[0]}`);
  return problems;
}

const commands = docCommands(REPO);

test('the docs show commands (the extraction finds the README quick start and every doc)', () => {
  assert.ok(commands.length > 60, `${commands.length} commands found`);
  assert.ok(commands.some((c) => c.where.startsWith('README.md') && c.words.join(' ') === 'scripts/install-deps.sh --test'), 'the quick start test line');
  assert.ok(commands.some((c) => c.where.startsWith('docs/push.md')), 'docs/push.md');
  assert.deepEqual(tokenize(`mosquitto_pub -t 'a/#' -m '{"class":"Coat"}'  # the last`), ['mosquitto_pub', '-t', 'a/#', '-m', '{"class":"Coat"}']);
});

test('every command in the README and docs/ exists and takes the options it is shown with', () => {
  const problems = commands.flatMap((c) => check(c).map((p) => `${c.where}: ${p}\n    ${c.text}`));
  const deviceOnly = commands.filter((c) => DEVICE_ONLY.has(c.words[0]));
  if (deviceOnly.length > 0) console.log(`# not run here (device tools): ${[...new Set(deviceOnly.map((c) => c.words[0]))].join(', ')}`);
  assert.deepEqual(problems, []);
});

test('the check catches a stale command: an option the command does not have, or a command that is gone', () => {
  const made = (text: string): DocCommand => ({ where: 'made-up', text, words: tokenize(text) });
  assert.deepEqual(check(made('laundry-sorter push runs/x/model --hots pi@a')), ['laundry-sorter push has no option --hots']);
  assert.match(check(made('laundry-sorter modle info x')).join(), /modle --help failed/);
  assert.match(check(made('npm run benchmark')).join(), /no script benchmark/);
  assert.deepEqual(check(made('mosquitto_sub -t x -Z')), ['mosquitto_sub has no option -Z']);
  assert.match(check(made('node dist/bench/nothing.js')).join(), /no source bench\/nothing.ts/);
});
