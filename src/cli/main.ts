#!/usr/bin/env node
// laundry-sorter: one program, one subcommand per job. Each subcommand module parses its own
// flags and calls one function; this file only dispatches and turns UserErrors into one line.
import { helpText, parseCommand, EXIT_USAGE, type CommandSpec, type Parsed } from './args.js';
import { TRAIN_SPEC, runTrain } from './train-command.js';
import { EVAL_SPEC, runEval } from './eval-command.js';
import { CLASSIFY_SPEC, PREPROCESS_SPEC, runClassify, runPreprocess } from './classify-command.js';
import { CALIBRATE_SPEC, runCalibrate } from './calibrate-command.js';
import { RUN_SPEC, runRun } from './run-command.js';
import { MODEL_INFO_SPEC, MODEL_VERIFY_SPEC, runModelInfo, runModelVerify } from './model-command.js';
import { MODEL_HALF_SPEC, runModelHalf } from './model-half-command.js';
import { MODEL_UPRIGHT_SPEC, runModelUpright } from './model-upright-command.js';
import { PUSH_SPEC, ROLLBACK_SPEC, runPush, runRollback } from './push-command.js';
import { LABEL_SPEC, runLabel } from './label-command.js';
import { PULL_SPEC, runPull } from './pull-command.js';
import { CAPTURE_SPEC, runCapture } from './capture-command.js';
import { DOCTOR_SPEC, runDoctor } from './doctor-command.js';
import { RENDER_SET_SPEC, runRenderSet } from './render-set-command.js';
import { UserError } from '../errors/user-error.js';
import { reportError } from '../errors/report-error.js';
import { VERSION } from '../version/version.js';
import { versionLines } from '../version/version-report.js';
import { closest } from './did-you-mean.js';

interface Command { spec: CommandSpec; run: (values: Parsed['values'], positionals: string[], log: (line: string) => void) => Promise<number> }

const COMMANDS: Record<string, Command> = {
  run: { spec: RUN_SPEC, run: runRun },
  calibrate: { spec: CALIBRATE_SPEC, run: runCalibrate },
  train: { spec: TRAIN_SPEC, run: (v, _p, log) => runTrain(v, log) },
  eval: { spec: EVAL_SPEC, run: runEval },
  'model info': { spec: MODEL_INFO_SPEC, run: (v, p) => runModelInfo(v, p) },
  'model verify': { spec: MODEL_VERIFY_SPEC, run: runModelVerify },
  'model half': { spec: MODEL_HALF_SPEC, run: runModelHalf },
  'model upright': { spec: MODEL_UPRIGHT_SPEC, run: runModelUpright },
  classify: { spec: CLASSIFY_SPEC, run: runClassify },
  preprocess: { spec: PREPROCESS_SPEC, run: runPreprocess },
  push: { spec: PUSH_SPEC, run: runPush },
  rollback: { spec: ROLLBACK_SPEC, run: runRollback },
  label: { spec: LABEL_SPEC, run: runLabel },
  capture: { spec: CAPTURE_SPEC, run: runCapture },
  pull: { spec: PULL_SPEC, run: runPull },
  doctor: { spec: DOCTOR_SPEC, run: runDoctor },
  'render-set': { spec: RENDER_SET_SPEC, run: runRenderSet },
};

const log = (line: string) => process.stderr.write(`${line}\n`);

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'Usage: laundry-sorter <command> [options]', '',
    'A camera-based garment sorter: captures a frame, classifies it with a small CNN, opens the right bin.', '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.spec.summary.split('. ')[0]}`),
    '', 'Run `laundry-sorter <command> --help` for a command\'s options, `laundry-sorter --version [--config FILE]` for the version (and the model a config serves).',
  ].join('\n');
}

/** Resolves a command name, including two-word ones like `model info`. */
function resolve(argv: string[]): { name: string; rest: string[] } | undefined {
  const two = `${argv[0]} ${argv[1]}`;
  if (COMMANDS[two]) return { name: two, rest: argv.slice(2) };
  if (COMMANDS[argv[0]]) return { name: argv[0], rest: argv.slice(1) };
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    const named = argv[1] === '--config' ? argv[2] : undefined;
    process.stdout.write(`${versionLines(named).join('\n')}\n`);
    return 0;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${overview()}\n`);
    return argv.length === 0 ? EXIT_USAGE : 0;
  }
  const found = resolve(argv);
  if (!found) {
    // `model` alone, or `model --help`: the model commands.
    const group = Object.keys(COMMANDS).filter((n) => n.startsWith(`${argv[0]} `));
    if (group.length > 0 && (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h')) {
      process.stdout.write(`Usage: laundry-sorter ${argv[0]} <${group.map((n) => n.split(' ')[1]).join('|')}> [options]\n\n${group.map((n) => `  ${n.padEnd(16)}${COMMANDS[n].spec.summary.split('. ')[0]}`).join('\n')}\n\nRun \`laundry-sorter ${group[0]} --help\` for a command's options.\n`);
      return argv.length === 1 ? EXIT_USAGE : 0;
    }
    const guess = closest(argv[0], [...new Set(Object.keys(COMMANDS).map((n) => n.split(' ')[0]))]);
    throw new UserError(`unknown command \`${argv.join(' ')}\``, { hint: guess ? `did you mean \`${guess}\`? (see \`laundry-sorter --help\`)` : 'see `laundry-sorter --help`', exitCode: EXIT_USAGE });
  }
  const command = COMMANDS[found.name];
  const parsed = parseCommand(command.spec, found.rest);
  if (parsed.help) {
    process.stdout.write(`${helpText(command.spec)}\n`);
    return 0;
  }
  return command.run(parsed.values, parsed.positionals, log);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.exitCode = reportError('laundry-sorter', err, log);
    // The command failed and has said why. Whatever a library still holds open (a socket in
    // a reconnect loop, a timer) must not keep the process, and a service manager waiting
    // on it, hanging: if it has not ended by itself soon, end it.
    setTimeout(() => process.exit(), 3000).unref();
  },
);
