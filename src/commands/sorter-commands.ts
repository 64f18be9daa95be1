// The commands a running sorter accepts on <root>/request/<name>. Each is a thin call into the
// controller, the model reloader or the label store; the router does the checking and replies.
import { z } from 'zod';
import { classSchema } from '../dataset/class-value.js';
import type { Controller } from '../controller/controller.js';
import type { ModelReloader } from '../hot-reload/model-reloader.js';
import type { SampleStore } from '../samples/sample-store.js';
import { defineCommand, type CommandDef } from './command-router.js';

const none = z.strictObject({});
const classValue = classSchema;

export function sorterCommands(controller: Controller, reloader: ModelReloader, samples: SampleStore): Record<string, CommandDef> {
  return {
    pause: { summary: 'ignore triggers until resume', args: none, run: () => { controller.setPaused(true); return { paused: true }; } },
    resume: { summary: 'take triggers again', args: none, run: () => { controller.setPaused(false); return { paused: false }; } },
    'set-paused': defineCommand({
      summary: 'pause (true) or resume (false) in one command: what the Home Assistant switch sends',
      args: z.strictObject({ paused: z.boolean() }),
      run: ({ paused }) => { controller.setPaused(paused); return { paused }; },
    }),
    trigger: {
      summary: 'take one picture and sort what is on the tray',
      args: none,
      run: async () => {
        const d = await controller.fire('mqtt command');
        return d ? { decision: d.id, action: d.action, bin: d.bin } : { decision: null, why: controller.state().paused ? 'paused' : 'not sorted (see lastError)' };
      },
    },
    'reload-model': {
      summary: 'load the model `current` points to now, if it is not already serving',
      args: none,
      run: async () => {
        const outcome = await reloader.reload('reload-model command');
        if (outcome.kind === 'failed') throw new Error(outcome.message);
        return outcome;
      },
    },
    'set-threshold': defineCommand({
      summary: 'set the confidence below which garments go to the reject bin (until restart)',
      args: z.strictObject({ threshold: z.number().min(0).max(1) }),
      run: ({ threshold }) => { controller.setThreshold(threshold); return { threshold }; },
    }),
    'label-last': defineCommand({
      summary: 'record the right class for the last garment, or for `decision` (an id)',
      args: z.strictObject({ class: classValue, decision: z.string().min(1).max(100).optional() }),
      run: (args) => {
        const id = args.decision ?? controller.lastDecision?.id;
        if (!id) throw new Error('no garment has been sorted yet');
        const r = samples.label(id, args.class);
        return { decision: r.decisionId, label: r.labelName, predicted: r.predictedName };
      },
    }),
  };
}
