import type { Trigger } from './trigger.js';

/**
 * trigger.kind `mqtt`: nothing fires on its own; pictures are taken only by the `trigger`
 * command on <root>/request/trigger (a Home Assistant button, a Node-RED flow), which every
 * sorter with commands enabled accepts whatever its trigger.
 */
export class CommandOnlyTrigger implements Trigger {
  readonly name = 'MQTT request/trigger only';
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
