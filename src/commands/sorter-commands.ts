// The commands a running sorter accepts on <root>/cmd/<name>. Each is a thin call into the
// controller or the model reloader; the router does the checking and the replies.
import { z } from 'zod';
import type { Controller } from '../controller/controller.js';
import type { ModelReloader } from '../hot-reload/model-reloader.js';
import type { CommandDef } from './command-router.js';

const none = z.strictObject({});

export function sorterCommands(controller: Controller, reloader: ModelReloader): Record<string, CommandDef> {
  return {
    trigger: {
      summary: 'take one picture and sort what is on the tray',
      args: none,
      run: async () => {
        const d = await controller.fire('mqtt command');
        return d ? { decision: d.id, action: d.action, bin: d.bin } : { decision: null };
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
  };
}
