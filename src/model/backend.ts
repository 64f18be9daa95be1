// Picks the fastest tfjs backend this machine can run: tfjs-node (libtensorflow) → wasm → cpu.
// tfjs-node is an optional dependency: its install step downloads libtensorflow, so on
// machines with a closed network npm drops it and we carry on with wasm.
import * as tf from '@tensorflow/tfjs';
import { registerWasmGradients } from './wasm-gradients.js';
import { installBatchNormTraining } from './batch-norm-training.js';
import { installConvTraining } from './conv-training.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

export interface BackendChoice {
  name: BackendName;
  /** Why the faster backends were skipped, one line each, for the log. */
  skipped: string[];
}

async function tryTensorflow(): Promise<void> {
  await import('@tensorflow/tfjs-node' as string);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not start');
}

async function tryWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  registerWasmGradients();
  installBatchNormTraining();
  installConvTraining();
}

const STARTERS: Record<BackendName, () => Promise<void>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: async () => {
    await tf.setBackend('cpu');
  },
};

function firstLine(err: unknown): string {
  if ((err as { code?: string })?.code === 'ERR_MODULE_NOT_FOUND') return 'not installed (an optional dependency; its install step downloads libtensorflow)';
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}

let chosen: Promise<BackendChoice> | undefined;

/**
 * Starts the best available backend once per process. `only` (a config's model.backend)
 * forces one; $LAUNDRY_SORTER_BACKEND overrides both, which is how benchmarks and tests
 * compare backends.
 */
export function initBackend(only?: BackendName | 'auto'): Promise<BackendChoice> {
  chosen ??= start(envBackend() ?? (only === 'auto' ? undefined : only));
  return chosen;
}

function envBackend(): BackendName | undefined {
  const value = process.env.LAUNDRY_SORTER_BACKEND;
  if (value === undefined || value === '') return undefined;
  if (!(BACKEND_ORDER as readonly string[]).includes(value)) {
    throw new Error(`Expected LAUNDRY_SORTER_BACKEND to be one of ${BACKEND_ORDER.join(', ')}, got \`${value}\``);
  }
  return value as BackendName;
}

async function start(only?: BackendName): Promise<BackendChoice> {
  const skipped: string[] = [];
  const order = only ? [only] : BACKEND_ORDER;
  for (const name of order) {
    try {
      await STARTERS[name]();
      await tf.ready();
      return { name, skipped };
    } catch (err) {
      skipped.push(`${name}: ${firstLine(err)}`);
    }
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}
